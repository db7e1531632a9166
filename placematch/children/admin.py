# SPDX-License-Identifier: MPL-2.0
"""children: django admin registrations (superusers only)."""
