# SPDX-License-Identifier: MPL-2.0
"""Answers for the registry about a user's cases, which providers cannot ask children itself."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from placematch.children.selectors import visible_cases


def works_on_child(user: Any, child_refs: frozenset[UUID]) -> bool:
    """True when the user may see a case of one of these children (by opaque reference)."""
    return visible_cases(user).filter(child__ref__in=list(child_refs)).exists()
