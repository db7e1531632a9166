# SPDX-License-Identifier: MPL-2.0
"""providers: forms."""
