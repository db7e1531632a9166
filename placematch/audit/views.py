# SPDX-License-Identifier: MPL-2.0
"""audit: thin views: parse, call a service or selector, render."""
