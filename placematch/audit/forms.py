# SPDX-License-Identifier: MPL-2.0
"""audit: forms."""
