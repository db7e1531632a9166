# SPDX-License-Identifier: MPL-2.0
"""providers: who may see or do what."""
