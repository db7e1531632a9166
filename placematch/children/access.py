# SPDX-License-Identifier: MPL-2.0
"""children: who may see or do what."""
