# SPDX-License-Identifier: MPL-2.0
"""decisions: forms."""
