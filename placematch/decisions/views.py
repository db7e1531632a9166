# SPDX-License-Identifier: MPL-2.0
"""decisions: thin views: parse, call a service or selector, render."""
