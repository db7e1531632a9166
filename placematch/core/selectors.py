# SPDX-License-Identifier: MPL-2.0
"""core: every non-trivial read, scoped to the user's organisation."""
