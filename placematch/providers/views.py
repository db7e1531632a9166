# SPDX-License-Identifier: MPL-2.0
"""providers: thin views: parse, call a service or selector, render."""
