# SPDX-License-Identifier: MPL-2.0
"""decisions: every write (keyword-only, typed, one transaction, acting user, audit row)."""
