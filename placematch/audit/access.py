# SPDX-License-Identifier: MPL-2.0
"""audit: who may see or do what."""
