# SPDX-License-Identifier: MPL-2.0
"""providers: every non-trivial read, scoped to the user's organisation."""
