# SPDX-License-Identifier: MPL-2.0
"""involvement: thin views: parse, call a service or selector, render."""
