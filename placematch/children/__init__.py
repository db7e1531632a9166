# SPDX-License-Identifier: MPL-2.0
"""The child, the case, the systematic assessment and the child's and parents' voice."""
