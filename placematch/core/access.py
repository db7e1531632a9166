# SPDX-License-Identifier: MPL-2.0
"""core: who may see or do what."""
