# SPDX-License-Identifier: MPL-2.0
"""matching: dashboard cards and main-menu items for this app's users."""
