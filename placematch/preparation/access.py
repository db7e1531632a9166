# SPDX-License-Identifier: MPL-2.0
"""preparation: who may see or do what."""

from __future__ import annotations

from typing import Any

from placematch.accounts.models import Role
from placematch.preparation.models import ChecklistItem, Party

# The case's preparation belongs to the caseworkers who see the case (children's scoping).
CASE_ROLES = (Role.CASEWORKER, Role.TEAM_LEADER)


def provider_may_mark(user: Any, item: ChecklistItem) -> bool:
    """The placement marks its own items done, and only on plans for its own places."""
    return (
        getattr(user, "is_provider_user", False)
        and item.party == Party.PLACEMENT
        and item.plan.place.provider.organisation_id == user.organisation_id
    )
