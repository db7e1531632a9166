# SPDX-License-Identifier: MPL-2.0
"""core: django admin registrations (superusers only)."""
