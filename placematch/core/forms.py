# SPDX-License-Identifier: MPL-2.0
"""core: forms."""
