# SPDX-License-Identifier: MPL-2.0
"""Explainable, law-aware matching of a child with placements; advisory only, no Django."""

ENGINE_VERSION = "1.1.0"
