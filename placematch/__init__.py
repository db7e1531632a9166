# SPDX-License-Identifier: MPL-2.0
"""placematch: matching a child with the right placement, with the child and parents heard."""
