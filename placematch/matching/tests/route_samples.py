# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: inquiries from a case of the own municipality (in the
own team) to a place of ctx.provider_org."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matchengine.vocab import PlaceForm, PlaceType
from placematch.children.models import Case
from placematch.children.tests.factories import CaseFactory
from placematch.matching.models import Inquiry, MatchRun
from placematch.matching.tests.factories import InquiryFactory, make_run, matchable_place
from placematch.providers.models import Place, Provider
from tests.route_matrix import SampleContext


def _case(ctx: SampleContext) -> Case:
    if "matching_case" not in ctx.cache:
        caseworker = ctx.users[("own", "caseworker")]
        ctx.cache["matching_case"] = CaseFactory(
            child__organisation=ctx.municipality,
            team=caseworker.team,
            caseworkers=[caseworker],
            status="matching",
        )
    case: Case = ctx.cache["matching_case"]
    return case


def _place(ctx: SampleContext) -> Place:
    # The provider organisation has one Provider; the providers app's samples may have made it.
    if "matching_place" not in ctx.cache:
        place = ctx.cache.get("providers_place")
        if place is None:
            provider = Provider.objects.filter(organisation=ctx.provider_org).first()
            if provider is None:
                provider = Provider.objects.create(
                    organisation=ctx.provider_org,
                    registry_id="MATRIX-M1",
                    name="Opholdsstedet Matrixlund (fiktiv)",
                    form=PlaceForm.RESIDENTIAL,
                    postcode="8000",
                )
            place = Place.objects.create(
                provider=provider,
                registry_id="MATRIX-MP1",
                name="Afdeling Matrix",
                place_type=PlaceType.SMALL_RESIDENTIAL_HOME,
                capacity=2,
            )
        ctx.cache["matching_place"] = place
    result: Place = ctx.cache["matching_place"]
    return result


def _inquiry(ctx: SampleContext, key: str = "matching_inquiry") -> Inquiry:
    if key not in ctx.cache:
        case = _case(ctx)
        ctx.cache[key] = InquiryFactory(
            case=case, place=_place(ctx), sent_by=ctx.users[("own", "caseworker")]
        )
    inquiry: Inquiry = ctx.cache[key]
    return inquiry


def _run(ctx: SampleContext) -> MatchRun:
    if "matching_run" not in ctx.cache:
        matchable_place(name="Afdeling Matrixløb")
        ctx.cache["matching_run"] = make_run(_case(ctx), ctx.users[("own", "caseworker")])
    run: MatchRun = ctx.cache["matching_run"]
    return run


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    "matching:case_inquiries": lambda ctx: {"pk": _case(ctx).pk},
    "matching:case_match": lambda ctx: {"pk": _case(ctx).pk},
    "matching:run_detail": lambda ctx: {"pk": _run(ctx).pk},
    "matching:run_why_not": lambda ctx: {"pk": _run(ctx).pk},
    "matching:run_compare": lambda ctx: {"pk": _run(ctx).pk},
    "matching:inquiry_detail": lambda ctx: {"pk": _inquiry(ctx).pk},
    # Withdrawing changes the inquiry, so it gets one of its own.
    "matching:inquiry_withdraw": lambda ctx: {"pk": _inquiry(ctx, "matching_withdraw").pk},
    "matching:inquiry_proceed": lambda ctx: {"pk": _inquiry(ctx).pk},
    "matching:provider_inquiry": lambda ctx: {"pk": _inquiry(ctx).pk},
}
