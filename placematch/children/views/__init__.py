# SPDX-License-Identifier: MPL-2.0
"""children: thin caseworker views: parse, call a service or selector, render."""
