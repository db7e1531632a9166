# SPDX-License-Identifier: MPL-2.0
"""involvement: django admin registrations (superusers only)."""
