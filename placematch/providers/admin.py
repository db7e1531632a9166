# SPDX-License-Identifier: MPL-2.0
"""providers: django admin registrations (superusers only)."""
