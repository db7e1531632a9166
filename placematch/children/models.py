# SPDX-License-Identifier: MPL-2.0
"""children: database models."""
