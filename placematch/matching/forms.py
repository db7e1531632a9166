# SPDX-License-Identifier: MPL-2.0
"""matching: forms."""
