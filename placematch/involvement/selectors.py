# SPDX-License-Identifier: MPL-2.0
"""involvement: every non-trivial read, scoped to the user's organisation."""
