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
from placematch.accounts.models import Organisation
from placematch.providers.models import Approval, Authority, Place, Provider, SupportArrangement
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


def _support(ctx: SampleContext) -> SupportArrangement:
    """ctx.provider_org's provider supports a family ctx.municipality is responsible for."""
    if "providers_support" not in ctx.cache:
        family = Provider.objects.create(
            organisation=Organisation.objects.create(
                name="Plejefamilien Støttesen (fiktiv)", kind="provider"
            ),
            registry_id="MATRIX-SUP",
            name="Plejefamilien Støttesen (fiktiv)",
            form=PlaceForm.FOSTER_FAMILY,
            responsible_municipality=ctx.municipality,
            postcode="8000",
        )
        ctx.cache["providers_support"] = SupportArrangement.objects.create(
            family=family,
            supporter=_place(ctx).provider,
            kind="institution_supervision",
            dimensions=["safe_care"],
            hours_per_month=8,
            valid_from=datetime.date(2025, 1, 1),
        )
    arrangement: SupportArrangement = ctx.cache["providers_support"]
    return arrangement


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    "providers:support_end": lambda ctx: {"pk": _support(ctx).pk},
    "providers:portal_support_end": lambda ctx: {"pk": _support(ctx).pk},
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
            organisation=Organisation.objects.create(name=NETWORK_FAMILY_NAME, kind="provider"),
            registry_id="MATRIX-NET",
            name=NETWORK_FAMILY_NAME,
            form=PlaceForm.FOSTER_FAMILY,
            responsible_municipality=ctx.municipality,
            postcode="8000",
        )
        network = Place.objects.create(
            provider=provider,
            registry_id="MATRIX-NET-P1",
            name="Plejefamilie",
            place_type=PlaceType.FOSTER_FAMILY_NETWORK,
            capacity=1,
        )
        Approval.objects.create(
            place=network,
            authority=Authority.MUNICIPALITY,
            approving_municipality=ctx.municipality,
            child_ref=uuid.uuid4(),
            age_min=0,
            age_max=17,
            places=1,
            valid_from=datetime.date(2025, 1, 1),
        )
        ctx.cache["providers_network_place"] = network
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
