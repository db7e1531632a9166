# SPDX-License-Identifier: MPL-2.0
"""children: every write (keyword-only, typed, one transaction, acting user, audit row)."""
