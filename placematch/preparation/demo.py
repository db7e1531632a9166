# SPDX-License-Identifier: MPL-2.0
"""preparation: plans for the decided demo cases, and the move for those the demo places.

Every case with a lasting decision gets a plan, a held first meeting and a feedback link for
the child (its token is thrown away, as in real use). The cases the children demo marked
"placed" (``ctx.shared["children.to_decide"]``) go on through the match interview, the visit,
the mutual yes and a move date of today, and the move service places them; of the cases that
stay decided, some get a contact plan and done checklist items, one a mutual yes and a move
date to come. When the place is a foster family with a responsible municipality, that
municipality's family-care consultant sees the move too. A provisional (temporary) decision
gets no plan: the lasting decision comes first. In each municipality one case still in
matching has its match meeting hold a place, and its preparation has begun on that hold before
the decision, as practice often does.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from placematch.children.models import Case, CaseStatus, PersonKind
from placematch.children.selectors import parents_of
from placematch.core.demo import DemoContext
from placematch.decisions.models import Decision, DecisionKind, MatchMeeting
from placematch.decisions.selectors import current_decision
from placematch.decisions.services_hold import meeting_hold, meeting_places
from placematch.involvement.services import link_issue
from placematch.preparation import services
from placematch.preparation.link_forms import CHILD_FEEDBACK
from placematch.preparation.models import ContactForm, ContactWith, PreparationPlan, Step
from placematch.preparation.services_move import placement_start

NOTES = (
    "Vi mødtes hjemme hos familien og så huset.",
    "Et roligt første møde. Barnet spurgte til skolen.",
    "Barnet var stille i starten, men legede med hunden til sidst.",
)


def _meeting(
    ctx: DemoContext, plan: PreparationPlan, step: str, caseworker: Any, today: date
) -> None:
    case = plan.case
    # Under non-disclosure (§ 105) the parents do not meet the place.
    parents = [] if case.non_disclosure else list(parents_of(case.child))
    meeting = services.meeting_add(
        actor=caseworker, plan=plan, step=step, meeting_on=today, parents=parents,
        notes=ctx.rng.choice(NOTES),
    )  # fmt: skip
    services.meeting_mark_held(actor=caseworker, meeting=meeting)


def _start(ctx: DemoContext, case: Case, caseworker: Any, today: date) -> PreparationPlan:
    plan = services.plan_start(actor=caseworker, case=case)
    _meeting(ctx, plan, Step.FIRST_MEETING, caseworker, today)
    link_issue(
        actor=caseworker,
        form_key=CHILD_FEEDBACK,
        subject_id=str(case.child_id),
        recipient_label=case.child.first_name,
    )
    return plan


def _contacts(ctx: DemoContext, plan: PreparationPlan, caseworker: Any) -> None:
    """A contact plan with the parents (supervised under non-disclosure) and half the list done."""
    case = plan.case
    often = ["Hver anden weekend", "Hver tredje uge", "En gang om måneden"]
    for person in case.child.persons.filter(
        kind__in=[PersonKind.CUSTODY_HOLDER, PersonKind.PARENT]
    ):
        services.contact_add(
            actor=caseworker, plan=plan, with_kind=ContactWith.PARENT, person=person,
            form=ContactForm.SUPERVISED if case.non_disclosure else ContactForm.VISIT,
            frequency=ctx.rng.choice(often),
        )  # fmt: skip
    for item in plan.checklist.order_by("pk")[::2]:
        services.checklist_item_done(actor=caseworker, item=item)


def _agree(plan: PreparationPlan, caseworker: Any, move_on: date) -> PreparationPlan:
    plan = services.mutual_yes_record(
        actor=caseworker, plan=plan, mutual_yes=True,
        child_view="Jeg glæder mig, men jeg er også lidt nervøs.", placement_yes=True,
        parents_view="" if plan.case.non_disclosure else "Vi vil gerne have, at det lykkes.",
    )  # fmt: skip
    return services.move_date_set(actor=caseworker, plan=plan, move_date=move_on)


def _prepare_on_hold(ctx: DemoContext, municipality: Any, caseworker: Any, today: date) -> None:
    """One case in matching: the meeting holds a shortlisted place, the preparation begins."""
    meetings = MatchMeeting.objects.filter(
        case__organisation=municipality, case__status=CaseStatus.MATCHING
    ).order_by("pk")
    for meeting in meetings:
        if not meeting.is_latest or Decision.objects.filter(case=meeting.case).exists():
            continue
        for place in meeting_places(meeting):
            try:
                meeting_hold(
                    actor=caseworker, meeting=meeting, place=place,
                    expires_on=today + timedelta(days=21),
                )  # fmt: skip
            except ValidationError:
                continue  # that place is full: try the next on the shortlist
            plan = services.plan_start(actor=caseworker, case=meeting.case)
            _meeting(ctx, plan, Step.FIRST_MEETING, caseworker, today)
            return


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    to_decide: dict[int, str] = ctx.shared.get("children.to_decide", {})
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users.get((code, "caseworker"))
        if caseworker is None:
            continue
        _prepare_on_hold(ctx, municipality, caseworker, today)
        cases = Case.objects.filter(
            organisation=municipality, status=CaseStatus.DECIDED, preparation_plans__isnull=True
        ).select_related("child")
        for number, case in enumerate(cases.order_by("pk")):
            decision = current_decision(case)
            if decision is None or decision.kind != DecisionKind.LASTING:
                continue
            plan = _start(ctx, case, caseworker, today)
            moves = to_decide.get(case.pk) == CaseStatus.PLACED
            if moves or number % 2:
                _contacts(ctx, plan, caseworker)
            if moves or number % 3 == 1:
                _meeting(ctx, plan, Step.MATCH_INTERVIEW, caseworker, today)
                _meeting(ctx, plan, Step.MATCH_VISIT, caseworker, today)
                plan = _agree(plan, caseworker, today if moves else today + timedelta(days=14))
            if moves:
                # The daily move's own service: the reservation becomes the placement.
                placement_start(actor=caseworker, plan=plan)
