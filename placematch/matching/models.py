# SPDX-License-Identifier: MPL-2.0
"""matching: database models."""
