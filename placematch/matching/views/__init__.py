# SPDX-License-Identifier: MPL-2.0
"""matching: thin views: parse, call a service or selector, render."""
