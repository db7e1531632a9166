# SPDX-License-Identifier: MPL-2.0
"""matching: django admin registrations (superusers only)."""
