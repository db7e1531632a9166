# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a token of the own municipality and of the provider."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from placematch.accounts.models import Role
from placematch.api.scopes import scopes_for
from placematch.api.services import token_create
from tests.route_matrix import SampleContext


def _token(org_key: str, role: str) -> Callable[[SampleContext], dict[str, Any]]:
    def sample(ctx: SampleContext) -> dict[str, Any]:
        cache_key = f"api_token_{org_key}"
        if cache_key not in ctx.cache:
            admin = ctx.users[(org_key, role)]
            assert admin.organisation is not None
            ctx.cache[cache_key] = token_create(
                request=None, user=admin, name="Matrix",
                scopes=scopes_for(admin.organisation.kind),
                expires_on=timezone.localdate() + datetime.timedelta(days=30),
            ).token  # fmt: skip
        return {"pk": ctx.cache[cache_key].pk}

    return sample


def _any(**kwargs: Any) -> Callable[[SampleContext], dict[str, Any]]:
    # The API refuses a call without a token before it looks at any id.
    return lambda ctx: dict(kwargs)


SAMPLES = {
    "api:token_revoke": _token("own", Role.ADMIN),
    "api:provider_token_revoke": _token("provider", Role.PROVIDER_ADMIN),
    **{
        f"api:{name}": _any(pk=1)
        for name in (
            "inquiry",
            "answer",
            "place",
            "vacancy",
            "case",
            "case_decisions",
            "decision",
            "document_basis",
            "document_basis_parents",
            "document_child_letter",
            "document_location",
            "decision_journal",
        )
    },
    "api:document_letter": _any(pk=1, person=1),
}
