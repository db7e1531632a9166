# SPDX-License-Identifier: MPL-2.0
"""api: who may manage an organisation's tokens (its administrator)."""

from __future__ import annotations

from typing import Any

from placematch.accounts.models import Role

TOKEN_ADMIN_ROLES = frozenset({Role.ADMIN, Role.PROVIDER_ADMIN})


def can_manage_tokens(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.organisation_id is not None
        and user.role in TOKEN_ADMIN_ROLES
        and (
            (user.role == Role.ADMIN and user.is_municipal)
            or (user.role == Role.PROVIDER_ADMIN and user.is_provider_user)
        )
    )
