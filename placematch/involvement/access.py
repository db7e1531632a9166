# SPDX-License-Identifier: MPL-2.0
"""involvement: who may see or do what."""
