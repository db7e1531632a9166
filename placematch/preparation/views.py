# SPDX-License-Identifier: MPL-2.0
"""preparation: thin views: parse, call a service or selector, render."""
