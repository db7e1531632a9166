# SPDX-License-Identifier: MPL-2.0
"""children: the forms a secure link may open (child's wishes, parents' views)."""
