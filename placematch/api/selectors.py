# SPDX-License-Identifier: MPL-2.0
"""api: reads of tokens, scoped to the admin's organisation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from placematch.api.models import ApiToken, token_hash


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation_id=user.organisation_id).select_related(
        "created_by", "revoked_by"
    )


def token_for_admin(user: Any, pk: int) -> ApiToken:
    """A token of the admin's own organisation; another's or a missing one is 404."""
    token = tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def token_by_secret(secret: str) -> ApiToken | None:
    return (
        ApiToken.objects.filter(token_hash=token_hash(secret))
        .select_related("user", "user__organisation", "organisation")
        .first()
    )
