# SPDX-License-Identifier: MPL-2.0
"""Access log of every read of a child's data, change history and its retention."""
