# SPDX-License-Identifier: MPL-2.0
"""decisions: django admin registrations (superusers only)."""
