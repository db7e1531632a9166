# SPDX-License-Identifier: MPL-2.0
"""preparation: who may see or do what."""
