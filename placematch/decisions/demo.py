# SPDX-License-Identifier: MPL-2.0
"""decisions: this app's part of the demo data: match meetings, and one decided place each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from placematch.children.models import Case, CaseStatus
from placematch.core.demo import DemoContext
from placematch.decisions import selectors
from placematch.decisions.models import ChecklistAnswerValue, ChecklistPoint, MatchMeeting
from placematch.decisions.rules import default_appeal_guidance
from placematch.decisions.services import HearingInput, decision_make
from placematch.decisions.services_meeting import ChecklistInput, meeting_save
from placematch.matching.models import POSITIVE_ANSWERS

MEETINGS_PER_MUNICIPALITY = 2


def _checklist(ctx: DemoContext) -> list[ChecklistInput]:
    answers = []
    for point in ChecklistPoint.values:
        if point == ChecklistPoint.SCHOOL_CHANGE and ctx.rng.random() < 0.5:
            answers.append(
                ChecklistInput(
                    point, ChecklistAnswerValue.NOT_MET, "Ingen egnet plads tæt på skolen."
                )
            )
        else:
            answers.append(ChecklistInput(point, ChecklistAnswerValue.MET))
    return answers


def _decide(case: Case, meeting: MatchMeeting, caseworker: Any) -> bool:
    """Decide the first place that said yes (a foster family if one did) with a free place."""
    today = timezone.localdate()
    hearings = [
        HearingInput(party, name, person, sent_on=today - timedelta(days=5))
        for party, name, person in selectors.hearing_parties(case)
    ]
    answered = case.inquiries.filter(answer__in=POSITIVE_ANSWERS).select_related("place")
    # Foster families first, so the demo also shows a family-care consultant a move to prepare.
    for inquiry in sorted(answered, key=lambda i: (not i.place.is_foster_family, i.pk)):
        try:
            decision_make(
                actor=caseworker, case=case, place=inquiry.place, kind="lasting",
                meeting=meeting, hearings=hearings,
                reasons="Stedet har sagt ja og kan give barnet faste voksne og ro.",
                reasons_for_other_than_top="Stedet har allerede sagt ja til barnet.",
                appeal_guidance=default_appeal_guidance(),
                vacancy_override_reason="Stedet bekræftede pladsen i telefonen.",
                reasons_for_parents=(
                    "Stedet kan give jeres barn faste voksne og ro. Det passer til barnets behov."
                ),
                reasons_for_child="Der er faste voksne. Der er ro. Det passer godt til dig.",
            )  # fmt: skip
        except ValidationError:
            continue  # e.g. the place is full in the demo's ledger: try the next
        return True
    return False


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users.get((code, "caseworker"))
        if caseworker is None:
            continue
        cases = (
            Case.objects.filter(
                organisation=municipality,
                status=CaseStatus.MATCHING,
                inquiries__answer__in=POSITIVE_ANSWERS,
            )
            .distinct()
            .order_by("pk")[:MEETINGS_PER_MUNICIPALITY]
        )
        decided = False
        for case in cases:
            meeting = meeting_save(
                actor=caseworker, case=case, held_on=today - timedelta(days=1),
                run=case.match_runs.order_by("-created_at").first(),
                participants=[caseworker], externals=[("Bente Eksempel", "Psykolog")],
                checklist=_checklist(ctx), notes="Vi gennemgik kortlisten og stedernes svar.",
            )  # fmt: skip
            # One case per municipality gets its decision; the other's meeting is just held.
            if not decided:
                decided = _decide(case, meeting, caseworker)
