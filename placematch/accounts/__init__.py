# SPDX-License-Identifier: MPL-2.0
"""Organisations, users, roles, login with two-factor and lockout, route access classes."""
