# SPDX-License-Identifier: MPL-2.0
"""Secure links that let a child or parent open one registered form."""
