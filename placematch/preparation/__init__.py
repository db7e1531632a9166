# SPDX-License-Identifier: MPL-2.0
"""Preparation of the child, parents and placement, and the move."""
