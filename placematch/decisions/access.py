# SPDX-License-Identifier: MPL-2.0
"""decisions: who may see or do what."""
