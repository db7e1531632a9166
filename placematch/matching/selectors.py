# SPDX-License-Identifier: MPL-2.0
"""matching: every non-trivial read, scoped to the user's organisation."""
