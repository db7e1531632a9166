# SPDX-License-Identifier: MPL-2.0
"""children: dashboard cards and main-menu items for this app's users."""
