# SPDX-License-Identifier: MPL-2.0
"""Shared base: timestamps, postcode lookup, dashboard cards, base templates and error pages."""
