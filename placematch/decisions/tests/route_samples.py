# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a case of the own municipality (in the own team) with
a match meeting and a decision on a place of ctx.provider_org."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.utils import timezone

from matchengine.vocab import PlaceForm, PlaceType
from placematch.children.models import Case, PersonKind, RelatedPerson
from placematch.children.tests.factories import CaseFactory, PersonFactory
from placematch.decisions.models import Decision, MatchMeeting
from placematch.providers.models import Place, Provider
from tests.route_matrix import SampleContext


def _case(ctx: SampleContext) -> Case:
    if "decisions_case" not in ctx.cache:
        caseworker = ctx.users[("own", "caseworker")]
        # A party of 12 with a custody holder: the decision has a letter for each of them.
        made = cast(
            Case,
            CaseFactory(
                child__organisation=ctx.municipality,
                child__birth_date=timezone.localdate()
                .replace(day=1, month=1)
                .replace(year=timezone.localdate().year - 12),
                team=caseworker.team,
                caseworkers=[caseworker],
                status="decided",
            ),
        )
        ctx.cache["decisions_case"] = made
        ctx.cache["decisions_custody_holder"] = PersonFactory(
            child=made.child, kind=PersonKind.CUSTODY_HOLDER
        )
    case: Case = ctx.cache["decisions_case"]
    return case


def _custody_holder(ctx: SampleContext) -> RelatedPerson:
    _case(ctx)
    person: RelatedPerson = ctx.cache["decisions_custody_holder"]
    return person


def _place(ctx: SampleContext) -> Place:
    if "decisions_place" not in ctx.cache:
        provider = Provider.objects.filter(organisation=ctx.provider_org).first()
        if provider is None:
            provider = Provider.objects.create(
                organisation=ctx.provider_org, registry_id="MATRIX-D1",
                name="Opholdsstedet Matrixbo (fiktiv)", form=PlaceForm.RESIDENTIAL,
                postcode="8000",
            )  # fmt: skip
        ctx.cache["decisions_place"] = Place.objects.create(
            provider=provider, registry_id="MATRIX-DP1", name="Afdeling Matrixbo",
            place_type=PlaceType.SMALL_RESIDENTIAL_HOME, capacity=2,
        )  # fmt: skip
    place: Place = ctx.cache["decisions_place"]
    return place


def _meeting(ctx: SampleContext) -> MatchMeeting:
    if "decisions_meeting" not in ctx.cache:
        case = _case(ctx)
        ctx.cache["decisions_meeting"] = MatchMeeting.objects.create(
            organisation=case.organisation, case=case, held_on=timezone.localdate(),
            created_by=ctx.users[("own", "caseworker")],
        )  # fmt: skip
    meeting: MatchMeeting = ctx.cache["decisions_meeting"]
    return meeting


def _decision(ctx: SampleContext) -> Decision:
    if "decisions_decision" not in ctx.cache:
        case = _case(ctx)
        ctx.cache["decisions_decision"] = Decision.objects.create(
            organisation=case.organisation, case=case, meeting=_meeting(ctx), place=_place(ctx),
            kind="lasting", start_on=timezone.localdate(),
            decided_by=ctx.users[("own", "caseworker")], decided_at=timezone.now(),
            reasons="Stedet passer til barnet.", appeal_guidance="Klag inden 4 uger.",
        )  # fmt: skip
    decision: Decision = ctx.cache["decisions_decision"]
    return decision


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    "decisions:case_decisions": lambda ctx: {"pk": _case(ctx).pk},
    "decisions:meeting_start": lambda ctx: {"pk": _case(ctx).pk},
    "decisions:decision_new": lambda ctx: {"pk": _case(ctx).pk},
    "decisions:meeting_detail": lambda ctx: {"pk": _meeting(ctx).pk},
    # An empty hold form is refused (no place), an empty release form too (no reason).
    "decisions:meeting_hold": lambda ctx: {"pk": _meeting(ctx).pk},
    "decisions:meeting_hold_release": lambda ctx: {"pk": _meeting(ctx).pk},
    "decisions:decision_detail": lambda ctx: {"pk": _decision(ctx).pk},
    # An empty withdrawal form is refused, so the shared decision stays in force.
    "decisions:decision_withdraw": lambda ctx: {"pk": _decision(ctx).pk},
    # The shared decision is no provisional one, so recording an approval is refused.
    "decisions:provisional_approve": lambda ctx: {"pk": _decision(ctx).pk},
    "decisions:decision_basis": lambda ctx: {"pk": _decision(ctx).pk},
    "decisions:decision_basis_parents": lambda ctx: {"pk": _decision(ctx).pk},
    "decisions:decision_letter": lambda ctx: {
        "pk": _decision(ctx).pk,
        "person": _custody_holder(ctx).pk,
    },
    "decisions:child_letter": lambda ctx: {"pk": _decision(ctx).pk},
    "decisions:location_letter": lambda ctx: {"pk": _decision(ctx).pk},
    "decisions:decision_documents": lambda ctx: {"pk": _decision(ctx).pk},
    "decisions:decision_journal": lambda ctx: {"pk": _decision(ctx).pk},
}
