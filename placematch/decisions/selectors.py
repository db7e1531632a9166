# SPDX-License-Identifier: MPL-2.0
"""decisions: every non-trivial read, scoped to the user's organisation."""
