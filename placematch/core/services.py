# SPDX-License-Identifier: MPL-2.0
"""core: every write (keyword-only, typed, one transaction, acting user, audit row)."""
