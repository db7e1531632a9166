# SPDX-License-Identifier: MPL-2.0
"""preparation: django admin registrations (superusers only)."""
