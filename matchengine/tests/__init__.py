# SPDX-License-Identifier: MPL-2.0
"""Tests of the matching engine."""
