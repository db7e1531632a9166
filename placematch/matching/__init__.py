# SPDX-License-Identifier: MPL-2.0
"""Adapter to the matching engine, match runs and inquiries to places."""
