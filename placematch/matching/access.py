# SPDX-License-Identifier: MPL-2.0
"""matching: who may see or do what."""
