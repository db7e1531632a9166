# SPDX-License-Identifier: MPL-2.0
"""involvement: database models."""
