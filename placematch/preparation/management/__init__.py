# SPDX-License-Identifier: MPL-2.0
"""preparation: management commands."""
