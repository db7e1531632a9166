# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a decided case of the own municipality (in the own
team) with a preparation plan for a place of ctx.provider_org, and one for a foster family the
own municipality is responsible for (the family-care consultant's routes)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

from django.utils import timezone

from matchengine.vocab import PlaceForm, PlaceType
from placematch.accounts.models import Organisation, OrganisationKind
from placematch.children.models import Case
from placematch.children.tests.factories import CaseFactory
from placematch.decisions.models import Decision
from placematch.preparation.models import ChecklistItem, Party, PreparationMeeting, PreparationPlan
from placematch.providers.models import Place, Provider
from tests.route_matrix import SampleContext


def _plan(ctx: SampleContext) -> PreparationPlan:
    if "preparation_plan" not in ctx.cache:
        caseworker = ctx.users[("own", "caseworker")]
        case = cast(
            Case,
            CaseFactory(
                child__organisation=ctx.municipality, team=caseworker.team,
                caseworkers=[caseworker], status="decided",
            ),
        )  # fmt: skip
        provider = Provider.objects.filter(organisation=ctx.provider_org).first()
        if provider is None:
            provider = Provider.objects.create(
                organisation=ctx.provider_org, registry_id="MATRIX-PR1",
                name="Opholdsstedet Matrixly (fiktiv)", form=PlaceForm.RESIDENTIAL,
                postcode="8000",
            )  # fmt: skip
        place = Place.objects.create(
            provider=provider, registry_id="MATRIX-PRP1", name="Afdeling Matrixly",
            place_type=PlaceType.SMALL_RESIDENTIAL_HOME, capacity=2,
        )  # fmt: skip
        decision = Decision.objects.create(
            organisation=case.organisation, case=case, place=place, kind="lasting",
            start_on=timezone.localdate(), decided_by=caseworker, decided_at=timezone.now(),
            reasons="Stedet passer til barnet.", appeal_guidance="Klag inden 4 uger.",
        )  # fmt: skip
        plan = PreparationPlan.objects.create(
            organisation=case.organisation, case=case, decision=decision, place=place,
            created_by=caseworker,
        )  # fmt: skip
        # A future meeting cannot be marked held, so the shared meeting stays as it is.
        PreparationMeeting.objects.create(
            plan=plan, step="first_meeting",
            meeting_on=timezone.localdate() + datetime.timedelta(days=30),
        )  # fmt: skip
        for party in (Party.SCHOOL, Party.PLACEMENT):
            ChecklistItem.objects.create(
                plan=plan, party=party, text="Aftal første dag", due_on=timezone.localdate()
            )
        ctx.cache["preparation_plan"] = plan
    shared: PreparationPlan = ctx.cache["preparation_plan"]
    return shared


def _family_plan(ctx: SampleContext) -> PreparationPlan:
    """A plan for a foster family the own municipality supervises (the consultant's routes)."""
    if "preparation_family_plan" not in ctx.cache:
        shared = _plan(ctx)
        family_org = Organisation.objects.create(
            name="Plejefamilien Matrixsen (fiktiv)", kind=OrganisationKind.PROVIDER
        )
        family = Provider.objects.create(
            organisation=family_org, registry_id="MATRIX-PF1",
            name="Plejefamilien Matrixsen (fiktiv)", form=PlaceForm.FOSTER_FAMILY,
            responsible_municipality=ctx.municipality, postcode="8600",
        )  # fmt: skip
        place = Place.objects.create(
            provider=family, registry_id="MATRIX-PF1-1", name="Plejefamilie",
            place_type=PlaceType.FOSTER_FAMILY_GENERAL, capacity=1,
        )  # fmt: skip
        case = cast(Case, CaseFactory(child__organisation=ctx.municipality, status="decided"))
        decision = Decision.objects.create(
            organisation=case.organisation, case=case, place=place, kind="lasting",
            start_on=timezone.localdate(), decided_by=shared.created_by,
            decided_at=timezone.now(), reasons="Familien passer til barnet.",
            appeal_guidance="Klag inden 4 uger.",
        )  # fmt: skip
        plan = PreparationPlan.objects.create(
            organisation=case.organisation, case=case, decision=decision, place=place,
            created_by=shared.created_by,
        )  # fmt: skip
        ChecklistItem.objects.create(
            plan=plan, party=Party.PLACEMENT, text="Gør værelset klar", due_on=timezone.localdate()
        )
        ctx.cache["preparation_family_plan"] = plan
    family_plan: PreparationPlan = ctx.cache["preparation_family_plan"]
    return family_plan


def _item(ctx: SampleContext, party: str) -> int:
    return _plan(ctx).checklist.get(party=party).pk


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    "preparation:case_plan": lambda ctx: {"pk": _plan(ctx).case_id},
    # The case already has its plan, so an empty start is refused.
    "preparation:plan_start": lambda ctx: {"pk": _plan(ctx).case_id},
    "preparation:meeting_add": lambda ctx: {"pk": _plan(ctx).pk},
    "preparation:checklist_add": lambda ctx: {"pk": _plan(ctx).pk},
    "preparation:contact_add": lambda ctx: {"pk": _plan(ctx).pk},
    "preparation:move_date": lambda ctx: {"pk": _plan(ctx).pk},
    "preparation:mutual_yes": lambda ctx: {"pk": _plan(ctx).pk},
    "preparation:meeting_held": lambda ctx: {"pk": _plan(ctx).meetings.get().pk},
    "preparation:checklist_done": lambda ctx: {"pk": _item(ctx, Party.SCHOOL)},
    "preparation:provider_plan": lambda ctx: {"pk": _plan(ctx).pk},
    "preparation:provider_item_done": lambda ctx: {"pk": _item(ctx, Party.PLACEMENT)},
    "preparation:consultant_plan": lambda ctx: {"pk": _family_plan(ctx).pk},
    "preparation:consultant_item_done": lambda ctx: {
        "pk": _family_plan(ctx).checklist.get(party=Party.PLACEMENT).pk
    },
}
