# SPDX-License-Identifier: MPL-2.0
"""children: thin views: parse, call a service or selector, render."""
