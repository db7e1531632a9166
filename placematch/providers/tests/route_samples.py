# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a foster family of ctx.provider_org.

The family's responsible municipality is ctx.municipality, so its family-care consultants may
edit the profile and the consultant routes have an object to open.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from matchengine.vocab import PlaceForm, PlaceType
from placematch.accounts.tests.factories import ProviderOrganisationFactory
from placematch.providers.models import Approval, Authority, Place, Provider
from tests.route_matrix import SampleContext

# The network foster family of the private samples: it must never show in another municipality.
NETWORK_FAMILY_NAME = "Plejefamilien Netværksen (fiktiv)"


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


def _network_place(ctx: SampleContext) -> Place:
    """A network foster family approved by ctx.municipality for one of its children."""
    if "providers_network_place" not in ctx.cache:
        provider = Provider.objects.create(
            organisation=ProviderOrganisationFactory(name=NETWORK_FAMILY_NAME),
            registry_id="MATRIX-NET",
            name=NETWORK_FAMILY_NAME,
            form=PlaceForm.FOSTER_FAMILY,
            responsible_municipality=ctx.municipality,
            postcode="8000",
        )
        place = Place.objects.create(
            provider=provider,
            registry_id="MATRIX-NET-P1",
            name="Plejefamilie",
            place_type=PlaceType.FOSTER_FAMILY_NETWORK,
            capacity=1,
        )
        Approval.objects.create(
            place=place,
            authority=Authority.MUNICIPALITY,
            approving_municipality=ctx.municipality,
            child_ref=uuid.uuid4(),
            age_min=0,
            age_max=17,
            places=1,
            valid_from=datetime.date(2025, 1, 1),
        )
        ctx.cache["providers_network_place"] = place
    place: Place = ctx.cache["providers_network_place"]
    return place


# Registry routes opened on a network foster family of the own municipality: the other
# municipality's users must get 404 on each (the route matrix asks for one per registry route).
PRIVATE_SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    "providers:provider_detail": lambda ctx: {"pk": _network_place(ctx).provider_id},
    "providers:place_detail": lambda ctx: {"pk": _network_place(ctx).pk},
    "providers:place_history": lambda ctx: {"pk": _network_place(ctx).pk},
}
PRIVATE_NAMES = (NETWORK_FAMILY_NAME,)
PRIVATE_SETUP = _network_place
