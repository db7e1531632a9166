# SPDX-License-Identifier: MPL-2.0
"""decisions: database models."""
