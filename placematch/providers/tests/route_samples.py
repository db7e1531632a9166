# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a foster family of ctx.provider_org.

The family's responsible municipality is ctx.municipality, so its family-care consultants may
edit the profile and the consultant routes have an object to open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matchengine.vocab import PlaceForm, PlaceType
from placematch.providers.models import Place, Provider
from tests.route_matrix import SampleContext


def _place(ctx: SampleContext) -> Place:
    if "providers_place" not in ctx.cache:
        provider = Provider.objects.create(
            organisation=ctx.provider_org,
            registry_id="MATRIX-1",
            name="Plejefamilien Matrixsen (fiktiv)",
            form=PlaceForm.FOSTER_FAMILY,
            responsible_municipality=ctx.municipality,
            postcode="8000",
        )
        ctx.cache["providers_place"] = Place.objects.create(
            provider=provider,
            registry_id="MATRIX-P1",
            name="Plejefamilie",
            place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
            capacity=1,
        )
    place: Place = ctx.cache["providers_place"]
    return place


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    "providers:provider_detail": lambda ctx: {"pk": _place(ctx).provider_id},
    "providers:place_detail": lambda ctx: {"pk": _place(ctx).pk},
    "providers:place_history": lambda ctx: {"pk": _place(ctx).pk},
    "providers:portal_profile": lambda ctx: {"pk": _place(ctx).pk},
    "providers:portal_vacancy": lambda ctx: {"pk": _place(ctx).pk},
    "providers:family_profile": lambda ctx: {"pk": _place(ctx).pk},
}
