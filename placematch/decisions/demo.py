# SPDX-License-Identifier: MPL-2.0
"""decisions: this app's part of the demo data: match meetings, and one decided place each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from placematch.children.models import (
    Case,
    CaseStatus,
    ConsentForm,
    ConsentState,
    ContactKind,
    Conversation,
    ParentView,
    PersonKind,
)
from placematch.children.services import case_update
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


def _lawful(case: Case, caseworker: Any) -> None:
    """What the law asks before a lasting decision and the demo's case may not yet hold: the
    finished investigation (§ 20), the child's plan, § 46 consents and a child conversation."""
    today = timezone.localdate()
    changes: dict[str, Any] = {}
    if case.investigation_completed is None:
        changes["investigation_completed"] = today - timedelta(days=20)
    if case.child_plan_date is None:
        changes["child_plan_date"] = today - timedelta(days=10)
    if not case.legal_basis:
        changes["legal_basis"] = "s46_consent"
    if changes:
        case_update(actor=caseworker, case=case, changes=changes)
    for person in case.child.persons.filter(kind=PersonKind.CUSTODY_HOLDER):
        ParentView.objects.update_or_create(
            case=case, person=person,
            defaults={
                "organisation": case.organisation, "consent": ConsentState.GIVEN,
                "consent_date": today - timedelta(days=3), "consent_form": ConsentForm.WRITTEN,
            },
        )  # fmt: skip
    if not Conversation.objects.filter(case=case, kind=ContactKind.CONVERSATION).exists():
        Conversation.objects.create(
            organisation=case.organisation, case=case, held_on=today - timedelta(days=4),
            present="Sagsbehandler og barnet", created_by=caseworker,
            child_words="Jeg vil gerne have ro og nogen at snakke med.",
        )  # fmt: skip


def _by_basis(case: Case, today: date) -> dict[str, Any]:
    """What the case's legal basis adds: the committee (§ 47), the chair's dates (§ 143), the
    young person's consent, and for a change of placement the consents and statement (§ 98)."""
    extra: dict[str, Any] = {"child_consent_on": today - timedelta(days=3)}
    if case.legal_basis in ("s47_without_consent", "s47_4_youth_consent"):
        extra["committee_decided_on"] = today
    if case.legal_basis == "s143_provisional":
        extra |= {"provisional_implemented_on": today, "written_notice_on": today}
    if case.case_type == "change_of_placement":
        extra |= {
            "custody_consent_on": today - timedelta(days=3),
            "current_placement_statement": "Det nuværende sted støtter skiftet.",
        }
    return extra


def _decide(case: Case, meeting: MatchMeeting, caseworker: Any) -> bool:
    """Decide the first place that said yes (a foster family if one did) with a free place."""
    today = timezone.localdate()
    _lawful(case, caseworker)
    case.refresh_from_db()
    answered = case.inquiries.filter(answer__in=POSITIVE_ANSWERS).select_related("place")
    # Foster families first, so the demo also shows a family-care consultant a move to prepare.
    for inquiry in sorted(answered, key=lambda i: (not i.place.is_foster_family, i.pk)):
        # The parties are heard on the proposal: after the first inquiry to the place.
        first = case.inquiries.filter(place=inquiry.place).order_by("sent_at").first()
        heard = max(timezone.localtime(first.sent_at).date() if first else today, meeting.held_on)
        hearings = [
            HearingInput(party, name, person, sent_on=min(heard, today))
            for party, name, person in selectors.hearing_parties(case)
        ]
        try:
            decision_make(
                **_by_basis(case, today),
                actor=caseworker, case=case, place=inquiry.place, kind="lasting",
                meeting=meeting, hearings=hearings, conditions_accepted=True,
                purpose="At barnet får ro, faste voksne og en stabil skolegang.",
                expected_duration="Cirka to år, og planen følges op efter tre måneder.",
                follows_child_plan=True, school_change="kept",
                schooling="Barnet fortsætter i sin skole med kørsel.",
                special_education_assessed_on=today - timedelta(days=7),
                location_municipality="Beliggenhedskommunen", location_informed_on=today,
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
