# SPDX-License-Identifier: MPL-2.0
"""accounts: django admin registrations (superusers only)."""
