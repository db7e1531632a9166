# SPDX-License-Identifier: MPL-2.0
"""decisions: match meetings, and every demo decision made through ``decision_make``.

The children demo marks cases to be decided (``ctx.shared["children.to_decide"]``) and the
matching demo gets each a yes from a place approved for the child (``ctx.shared["matching.yes"]``).
Here each such case gets a match meeting and a decision that passes every gate, on a legal basis
taken in turn from ``DECIDED_BASES`` (cases to stay decided) or ``PLACED_BASES`` (cases the
preparation demo moves): § 46 with consents, § 47 with the committee and a child's plan dated
before it, a change of placement (§ 98), a case under non-disclosure (§ 105) and an acute
provisional decision (§ 143). ``ctx.shared["decisions.made"]`` (case id → scenario) goes on to
preparation; ``ctx.shared["decisions.refused"]`` keeps any gate's refusal, which the demo's
test expects empty.
"""

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
from placematch.children.services_disclosure import non_disclosure_decide
from placematch.core.demo import DemoContext
from placematch.decisions import selectors
from placematch.decisions.gates import CHILDRENS_HOMES, HearingInput
from placematch.decisions.models import (
    ChecklistAnswerValue,
    ChecklistPoint,
    FosterAssessment,
    MatchMeeting,
)
from placematch.decisions.rules import default_appeal_guidance
from placematch.decisions.services import decision_make
from placematch.decisions.services_meeting import ChecklistInput, meeting_save
from placematch.matching.models import POSITIVE_ANSWERS
from placematch.providers.models import Place
from placematch.providers.selectors import vacancy_status

S46, S47, CHANGE, S105, S143 = "s46", "s47", "change", "s105", "s143"
# Cases that stay decided show every basis first; cases that move show the common ones.
DECIDED_BASES = (S46, S47, S105, S143, CHANGE)
PLACED_BASES = (S47, CHANGE, S46)
AFTER = (S46, S47)  # once every basis is shown, the common ones in turn
LOCATION = "Skovlund Kommune (fiktiv)"


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


# The § 52, stk. 2 assessment, in turn per case (no draw from the seeded random, so the rest
# of the demo stays as it was); each is reasoned, so any place may be chosen after it.
FOSTER_ASSESSMENTS = (
    (FosterAssessment.FOSTER_FAMILY, "Barnet har brug for faste voksne i en familie."),
    (FosterAssessment.NO_PREFERENCE, "Både plejefamilier og opholdssteder kan møde behovene."),
    (FosterAssessment.INSTITUTION, "Barnet har brug for flere voksne døgnet rundt."),
)


def _meeting(ctx: DemoContext, case: Case, caseworker: Any, held_on: date) -> MatchMeeting:
    conclusion, reasons = FOSTER_ASSESSMENTS[case.pk % len(FOSTER_ASSESSMENTS)]
    return meeting_save(
        actor=caseworker, case=case, held_on=held_on,
        run=case.match_runs.order_by("-created_at").first(),
        participants=[caseworker], externals=[("Bente Eksempel", "Psykolog")],
        checklist=_checklist(ctx), notes="Vi gennemgik kortlisten og stedernes svar.",
        foster_assessment=conclusion, foster_assessment_reasons=reasons,
    )  # fmt: skip


def _prepare_case(case: Case, caseworker: Any, scenario: str, today: date) -> None:
    """What the case records before its decision: the finished investigation (§ 20), the
    child's plan (before the committee), the basis, the parents' consent or refusal, and a
    conversation with the child (§ 5)."""
    changes: dict[str, Any] = {
        "legal_basis": "s47_without_consent" if scenario in (S47, S105) else "s46_consent",
        "child_plan_date": today - timedelta(days=10),
    }
    if scenario == S143:
        changes["legal_basis"] = "s143_provisional"
    if scenario == CHANGE:
        changes["case_type"] = "change_of_placement"
    elif case.case_type == "change_of_placement":
        changes["case_type"] = "first_placement"
    done = case.investigation_completed
    if done is None or done > today - timedelta(days=14):
        changes["investigation_completed"] = today - timedelta(days=14)
    case_update(actor=caseworker, case=case, changes=changes)
    consent = ConsentState.REFUSED if scenario in (S47, S105) else ConsentState.GIVEN
    for person in case.child.persons.filter(kind=PersonKind.CUSTODY_HOLDER):
        ParentView.objects.update_or_create(
            case=case, person=person,
            defaults={
                "organisation": case.organisation, "consent": consent,
                "consent_date": today - timedelta(days=3),
                "consent_form": ConsentForm.WRITTEN if consent == ConsentState.GIVEN else "",
            },
        )  # fmt: skip
    if not Conversation.objects.filter(
        case=case, kind=ContactKind.CONVERSATION, held_on__lte=today
    ).exists():
        Conversation.objects.create(
            organisation=case.organisation, case=case, held_on=today - timedelta(days=4),
            present="Sagsbehandler og barnet", created_by=caseworker,
            child_words="Jeg vil gerne have ro og nogen at snakke med.",
        )  # fmt: skip
    if scenario == S105 and not case.non_disclosure:
        non_disclosure_decide(
            actor=caseworker, case=case, decided_on=today - timedelta(days=5), all_parents=True,
            reason="Risiko for, at barnet bliver hentet af forældrene.",
        )  # fmt: skip
    case.refresh_from_db()


def _by_basis(case: Case, place: Place, scenario: str, today: date) -> dict[str, Any]:
    """What the scenario's basis asks of the decision: consents, the committee (§ 47, § 98,
    stk. 4), the chair's dates (§ 143), and the facts § 52 asks for."""
    age = case.child.age_on(today)
    extra: dict[str, Any] = {}
    if scenario in (S47, S105):
        extra["committee_decided_on"] = today - timedelta(days=1)
    if scenario == S143:
        extra |= {"provisional_implemented_on": today, "written_notice_on": today}
    if scenario in (S46, CHANGE) and age >= 12:
        extra["child_consent_on"] = today - timedelta(days=3)
    if scenario == CHANGE:
        extra |= {
            "custody_consent_on": today - timedelta(days=3),
            "current_placement_statement": "Det nuværende sted støtter skiftet.",
        }
    if not vacancy_status(place, today).is_fresh:
        extra["vacancy_override_reason"] = "Stedet bekræftede pladsen i telefonen."
    if place.place_type in CHILDRENS_HOMES:
        extra["special_education_assessed_on"] = today - timedelta(days=7)
    if case.child.siblings.exists():
        extra["siblings_reason"] = "Søskende bor ikke hjemme. Samværet aftales i planen."
    return extra


def _hearings(case: Case, scenario: str, today: date) -> list[HearingInput]:
    """Every party heard on the proposal, three days ago, and before the committee."""
    answer = "Vi er ikke enige." if scenario in (S47, S105) else "Vi er enige i forslaget."
    return [
        HearingInput(
            party,
            name,
            person,
            sent_on=today - timedelta(days=3),
            answered_on=today - timedelta(days=2),
            answer=answer if person else "",
        )
        for party, name, person in selectors.hearing_parties(case)
    ]


def _top_id(meeting: MatchMeeting) -> str | None:
    """The place the meeting's run ranked first, as the decision reads it."""
    if meeting.run is None:
        return None
    result = meeting.run.result()
    ranked = result.get("ranked") or result.get("top") or []
    return str(min(ranked, key=lambda r: int(r["rank"]))["place_id"]) if ranked else None


def _decide(
    ctx: DemoContext, case: Case, place: Place, scenario: str, caseworker: Any, today: date
) -> bool:
    _prepare_case(case, caseworker, scenario, today)
    temporary = scenario == S143
    # An acute place is decided before any match meeting; a lasting one after it (§ 52).
    meeting = None if temporary else _meeting(ctx, case, caseworker, today - timedelta(days=2))
    other = meeting is not None and _top_id(meeting) not in (None, str(place.pk))
    try:
        decision_make(
            **_by_basis(case, place, scenario, today),
            actor=caseworker, case=case, place=place,
            kind="temporary" if temporary else "lasting",
            meeting=meeting, hearings=_hearings(case, scenario, today), conditions_accepted=True,
            purpose="At barnet får ro, faste voksne og en stabil skolegang.",
            expected_duration="Cirka to år, og planen følges op efter tre måneder.",
            follows_child_plan=True, school_change="kept",
            schooling="Barnet fortsætter i sin skole med kørsel.",
            location_municipality=LOCATION, location_informed_on=today,
            reasons="Stedet har sagt ja og kan give barnet faste voksne og ro.",
            reasons_for_other_than_top=(
                "Stedet højest på listen er længere væk fra barnets skole." if other else ""
            ),
            appeal_guidance=default_appeal_guidance(),
            reasons_for_parents=(
                "Stedet kan give jeres barn faste voksne og ro. Det passer til barnets behov."
            ),
            reasons_for_child="Der er faste voksne. Der er ro. Det passer godt til dig.",
        )  # fmt: skip
    except ValidationError as error:
        ctx.shared.setdefault("decisions.refused", []).append(
            (case.child.case_number, scenario, error.message_dict)
        )
        return False
    return True


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    to_decide: dict[int, str] = ctx.shared.get("children.to_decide", {})
    yes: dict[int, int] = ctx.shared.get("matching.yes", {})
    made: dict[int, str] = ctx.shared.setdefault("decisions.made", {})
    queues = {CaseStatus.DECIDED: list(DECIDED_BASES), CaseStatus.PLACED: list(PLACED_BASES)}
    places = Place.objects.in_bulk(yes.values())
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users.get((code, "caseworker"))
        if caseworker is None:
            continue
        cases = Case.objects.filter(organisation=municipality, status=CaseStatus.MATCHING)
        for case in cases.select_related("child").order_by("pk"):
            target = to_decide.get(case.pk)
            if target is None or case.pk not in yes:
                continue
            queue = queues[CaseStatus(target)]
            scenario = queue[0] if queue else AFTER[len(made) % len(AFTER)]
            if _decide(ctx, case, places[yes[case.pk]], scenario, caseworker, today):
                made[case.pk] = scenario
                if queue:
                    queue.pop(0)
        # A meeting held on a case still in matching, where a place has said yes.
        waiting = (
            cases.filter(inquiries__answer__in=POSITIVE_ANSWERS)
            .exclude(pk__in=to_decide)
            .distinct()
            .order_by("pk")
            .first()
        )
        if waiting is not None:
            _meeting(ctx, waiting, caseworker, today - timedelta(days=1))
