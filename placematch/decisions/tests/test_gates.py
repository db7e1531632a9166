# SPDX-License-Identifier: MPL-2.0
"""Every legal gate of a decision: a lawful case changed so it fails only that gate.

Each row names the gate (``decisions.gates.GATES``), what it changes in the lawful case built
by the decisions conftest, the fields that must carry a message and a piece of that message.
Nothing may be saved: no decision, no reservation, the case's status unchanged.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from matchengine.vocab import PlaceType
from placematch.children.models import (
    Case,
    ConsentState,
    Conversation,
    ParentView,
    Sibling,
)
from placematch.core.tests.page_forms import shown_version
from placematch.decisions import gates
from placematch.decisions.gates import HearingInput
from placematch.decisions.models import Decision, DecisionStatus, MatchMeeting
from placematch.decisions.services import decision_make, provisional_lapse_due
from placematch.decisions.tests.conftest import decide_kwargs
from placematch.matching.models import Answer, Inquiry
from placematch.providers.models import (
    Approval,
    Authority,
    Reservation,
    ReservationStatus,
    VacancyDeclaration,
)
from placematch.providers.tests.factories import ApprovalFactory, PlaceFactory

pytestmark = pytest.mark.django_db

Change = Callable[[dict[str, Any], dict[str, Any]], None]


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def case_set(world: dict[str, Any], **values: Any) -> None:
    """Dates and codes on the case, written past the form (never the status)."""
    Case.objects.filter(pk=world["case"].pk).update(**values)
    world["case"].refresh_from_db()


def heard_on(world: dict[str, Any], day: datetime.date, **extra: Any) -> list[HearingInput]:
    return [
        HearingInput(party="custody_holder", name=world["mother"].name, person=world["mother"],
                     sent_on=day, **extra),
        HearingInput(party="child", name=world["child"].name, sent_on=day),
    ]  # fmt: skip


# The changes, one per row -------------------------------------------------------------------


def no_reasons(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["reasons"] = "  "


def no_meeting(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["meeting"] = None


def foster_family_not_assessed(w: dict[str, Any], k: dict[str, Any]) -> None:
    MatchMeeting.objects.filter(pk=w["meeting"].pk).update(foster_assessment="")
    w["meeting"].refresh_from_db()


def home_chosen_over_a_family_without_reasons(w: dict[str, Any], k: dict[str, Any]) -> None:
    MatchMeeting.objects.filter(pk=w["meeting"].pk).update(foster_assessment_reasons=" ")
    w["meeting"].refresh_from_db()
    k.update(place=w["other_place"], reasons_for_other_than_top="Lyngly kender Vilja.")


def lasting_in_force(w: dict[str, Any], k: dict[str, Any]) -> None:
    decision_make(**decide_kwargs(w))


def age_outside_approval(w: dict[str, Any], k: dict[str, Any]) -> None:
    Approval.objects.filter(place=w["place"]).update(age_min=0, age_max=6)


def place_full(w: dict[str, Any], k: dict[str, Any]) -> None:
    Reservation.objects.create(
        place=w["place"], child_ref="00000000-0000-0000-0000-000000000009", start=days(0)
    )


def answered_no(w: dict[str, Any], k: dict[str, Any]) -> None:
    Inquiry.objects.filter(case=w["case"], place=w["place"]).update(answer=Answer.NO)


def yes_with_conditions(w: dict[str, Any], k: dict[str, Any]) -> None:
    Inquiry.objects.filter(case=w["case"], place=w["place"]).update(
        answer=Answer.YES_WITH_SUPPORT, support_needed="Supervision om ADHD hver måned"
    )


def network_family_without_agreement(w: dict[str, Any], k: dict[str, Any]) -> None:
    family = PlaceFactory(
        provider=w["place"].provider, name="Moster Fiktivholm", capacity=1,
        place_type=PlaceType.FOSTER_FAMILY_NETWORK,
    )  # fmt: skip
    ApprovalFactory(
        place=family, authority=Authority.MUNICIPALITY, places=1, child_ref=w["child"].ref,
        approving_municipality=w["case"].organisation,
    )  # fmt: skip
    k.update(
        place=family,
        reasons_for_other_than_top="Moster kender Vilja og kan tage hende.",
        hearings=heard_on(w, days(0)),  # proposed at today's meeting: no inquiry
    )


def vacancy_lapsed(w: dict[str, Any], k: dict[str, Any]) -> None:
    VacancyDeclaration.objects.filter(place=w["place"]).update(
        declared_on=days(-30), expires_on=days(-2)
    )


def other_place_without_reasons(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["place"] = w["other_place"]


def investigation_open(w: dict[str, Any], k: dict[str, Any]) -> None:
    case_set(w, investigation_completed=None)


def no_legal_basis(w: dict[str, Any], k: dict[str, Any]) -> None:
    case_set(w, legal_basis="")


def no_purpose(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["purpose"] = ""


def no_duration(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["expected_duration"] = ""


def consent_not_asked(w: dict[str, Any], k: dict[str, Any]) -> None:
    ParentView.objects.filter(case=w["case"]).update(consent=ConsentState.NOT_ASKED)


def youth_without_consent(w: dict[str, Any], k: dict[str, Any]) -> None:
    child = w["child"]
    child.birth_date = days(-16 * 366)
    child.save()
    w["case"].refresh_from_db()


def s47_without_committee(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["legal_basis"] = "s47_without_consent"


def s47_plan_after_committee(w: dict[str, Any], k: dict[str, Any]) -> None:
    case_set(w, child_plan_date=days(-1))
    k.update(legal_basis="s47_without_consent", committee_decided_on=days(-3))


def s47_without_plan(w: dict[str, Any], k: dict[str, Any]) -> None:
    case_set(w, child_plan_date=None)
    k.update(legal_basis="s47_without_consent", committee_decided_on=days(-3))


def s47_heard_after_committee(w: dict[str, Any], k: dict[str, Any]) -> None:
    k.update(legal_basis="s47_without_consent", committee_decided_on=days(-8))


def s98_without_statement(w: dict[str, Any], k: dict[str, Any]) -> None:
    case_set(w, case_type="change_of_placement")
    k["committee_decided_on"] = days(-1)


def s98_without_consents(w: dict[str, Any], k: dict[str, Any]) -> None:
    case_set(w, case_type="change_of_placement")
    k["current_placement_statement"] = "Opholdsstedet støtter skiftet."


def s143_lapsed_on_day_8(w: dict[str, Any], k: dict[str, Any]) -> None:
    k.update(
        legal_basis="s143_provisional", provisional_implemented_on=days(-8),
        written_notice_on=days(-8),
    )  # fmt: skip


def s143_late_notice(w: dict[str, Any], k: dict[str, Any]) -> None:
    k.update(
        legal_basis="s143_provisional", provisional_implemented_on=days(-3),
        written_notice_on=days(-1),
    )  # fmt: skip


def plan_not_followed(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["follows_child_plan"] = False


def sibling_apart(w: dict[str, Any], k: dict[str, Any]) -> None:
    Sibling.objects.create(
        organisation=w["case"].organisation, child=w["child"], name="Storm Fiktivholm",
        birth_year=2018, placed_together=False,
    )  # fmt: skip


def school_change_unexplained(w: dict[str, Any], k: dict[str, Any]) -> None:
    k.update(school_change="justified", school_change_reason="")


def no_schooling(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["schooling"] = ""


def home_elsewhere_unassessed(w: dict[str, Any], k: dict[str, Any]) -> None:
    k.update(
        place=w["other_place"], special_education_assessed_on=None,
        reasons_for_other_than_top="Lyngly har erfaring med børn som Vilja.",
    )  # fmt: skip


def location_informed_after_move(w: dict[str, Any], k: dict[str, Any]) -> None:
    k.update(start_on=days(3), location_informed_on=days(5))


def no_conversation(w: dict[str, Any], k: dict[str, Any]) -> None:
    Conversation.objects.filter(case=w["case"]).delete()


def heard_before_proposal(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["hearings"] = heard_on(w, days(-12))  # the first inquiry went out 10 days ago


def heard_after_decision(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["hearings"] = heard_on(w, days(1))


def hearing_left_out_without_reason(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["hearings"] = [
        HearingInput(party="custody_holder", name=w["mother"].name, person=w["mother"],
                     omitted_ground="urgent"),
        HearingInput(party="child", name=w["child"].name, sent_on=days(-7)),
    ]  # fmt: skip


def hearing_missing(w: dict[str, Any], k: dict[str, Any]) -> None:
    k["hearings"] = heard_on(w, days(-7))[1:]


@dataclass(frozen=True)
class Row:
    gate: str
    change: Change
    fields: frozenset[str]
    says: str
    more: dict[str, str] = field(default_factory=dict)


def row(gate: str, change: Change, fields: str, says: str) -> Any:
    return pytest.param(Row(gate, change, frozenset(fields.split()), says), id=change.__name__)


ROWS = [
    row("basics", no_reasons, "reasons", "begrundelsen"),
    row("meeting_checklist", no_meeting, "meeting", "matchmødet"),
    row("foster_family_s52", foster_family_not_assessed, "meeting", "plejefamilie"),
    row("foster_family_s52", home_chosen_over_a_family_without_reasons, "meeting", "§ 52, stk. 2"),
    row("one_in_force", lasting_in_force, "kind", "varig afgørelse"),
    row("place_approved", age_outside_approval, "place", "12"),
    row("place_approved", place_full, "place", "0 ledige pladser"),
    row("place_said_yes", answered_no, "place", "Nej"),
    row("place_said_yes", yes_with_conditions, "conditions_accepted", "Supervision om ADHD"),
    row("place_said_yes", network_family_without_agreement, "network_agreement_on", "netværk"),
    row("vacancy", vacancy_lapsed, "vacancy_override_reason", "udløb"),
    row("other_than_top", other_place_without_reasons, "reasons_for_other_than_top", "højest"),
    row("investigation", investigation_open, "investigation_exception", "§ 20"),
    row("legal_basis", no_legal_basis, "legal_basis", "retsgrundlag"),
    row("purpose", no_purpose, "purpose", "§ 46"),
    row("purpose", no_duration, "expected_duration", "varighed"),
    row("consent_s46", consent_not_asked, "legal_basis", "Hanne Fiktivholm"),
    row("consent_s46", youth_without_consent, "child_consent_on", "15"),
    row("committee_s47", s47_without_committee, "committee_decided_on", "§ 47"),
    row("plan_before_committee", s47_plan_after_committee, "committee_decided_on", "§ 91, stk. 2"),
    row(
        "plan_before_committee",
        s47_without_plan,
        "committee_decided_on follows_child_plan",
        "§ 91, stk. 2",
    ),
    row("hearings", s47_heard_after_committee, "hearing_0_sent_on hearing_1_sent_on", "§ 142"),
    row("change_of_placement_s98", s98_without_statement, "current_placement_statement", "§ 98"),
    row(
        "change_of_placement_s98",
        s98_without_consents,
        "custody_consent_on child_consent_on",
        "§ 98, stk. 1",
    ),
    row("provisional_s143", s143_lapsed_on_day_8, "provisional_implemented_on", "bortfaldet"),
    row("provisional_s143", s143_late_notice, "written_notice_on", "24 timer"),
    row("follows_plan_s52", plan_not_followed, "follows_child_plan", "§ 52, stk. 1"),
    row("siblings_s52", sibling_apart, "siblings_reason", "Storm Fiktivholm"),
    row("school_s52", school_change_unexplained, "school_change_reason", "§ 52, stk. 2"),
    row("school_s52", no_schooling, "schooling", "§ 52, stk. 4"),
    row("school_s52", home_elsewhere_unassessed, "special_education_assessed_on", "§ 52, stk. 4"),
    row("location_s52", location_informed_after_move, "location_informed_on", "§ 52, stk. 5"),
    row("conversation_s5", no_conversation, "conversation_omitted_reason", "§ 5, stk. 4"),
    row("hearings", heard_before_proposal, "hearing_0_sent_on hearing_1_sent_on", "foreslået"),
    row("hearings", heard_after_decision, "hearing_0_sent_on hearing_1_sent_on", "senere"),
    row("hearings", hearing_left_out_without_reason, "hearing_0_omitted_reason", "undlades"),
    row("hearings", hearing_missing, "hearing_0_sent_on", "§ 19, stk. 2"),
]


def test_every_gate_has_a_row():
    tested = {p.values[0].gate for p in ROWS}
    assert tested == {name for name, _gate in gates.GATES}


@pytest.mark.parametrize("case_row", ROWS)
def test_a_case_failing_one_gate_is_refused_on_its_field_and_nothing_is_saved(world, case_row):
    kwargs = decide_kwargs(world)
    case_row.change(world, kwargs)
    case = world["case"]
    case.refresh_from_db()
    status, decisions, reservations = case.status, Decision.objects.count(), Reservation.objects
    held = reservations.filter(status=ReservationStatus.ACTIVE).count()
    with pytest.raises(ValidationError) as error:
        decision_make(**kwargs)
    messages = error.value.message_dict
    assert set(messages) == case_row.fields, messages
    assert any(case_row.says in m for f in case_row.fields for m in messages[f]), messages
    case.refresh_from_db()
    assert case.status == status
    assert Decision.objects.count() == decisions
    assert reservations.filter(status=ReservationStatus.ACTIVE).count() == held


def test_a_case_passing_every_gate_is_decided(world):
    assert gates.check(_proposal(world)) == {}
    decision = decision_make(**decide_kwargs(world))
    assert decision.status == DecisionStatus.DECIDED
    assert decision.reservation is not None and decision.legal_basis == "s46_consent"
    assert decision.purpose and decision.expected_duration and decision.follows_child_plan
    world["case"].refresh_from_db()
    assert world["case"].status == "decided"


def _proposal(world: dict[str, Any]) -> gates.Proposal:
    k = decide_kwargs(world)
    return gates.Proposal(
        case=world["case"], place=k["place"], kind=k["kind"], day=days(0), start=days(0),
        reasons=k["reasons"], appeal_guidance=k["appeal_guidance"], meeting=k["meeting"],
        top_place=world["place"], hearings=k["hearings"], legal_basis="s46_consent",
        purpose=k["purpose"], expected_duration=k["expected_duration"],
        follows_child_plan=True, school_change="kept", schooling=k["schooling"],
        location_municipality=k["location_municipality"],
        location_informed_on=k["location_informed_on"],
    )  # fmt: skip


def _provisional(world: dict[str, Any], implemented: int = 0) -> Decision:
    """A temporary place decided by the committee's chair, carried out ``implemented`` days
    from today (§ 143)."""
    acute: Any = PlaceFactory(provider=world["place"].provider, name="Akutpladsen", capacity=1)
    ApprovalFactory(place=acute, places=1)
    VacancyDeclaration.objects.create(
        place=acute, declared_on=days(-1), expires_on=days(14), free_places=1
    )
    return decision_make(
        **decide_kwargs(
            world, kind="temporary", place=acute, meeting=None,
            legal_basis="s143_provisional", provisional_implemented_on=days(implemented),
            written_notice_on=days(implemented), reasons_for_other_than_top="Akut.",
        )
    )  # fmt: skip


def test_a_provisional_decision_is_in_force_through_day_7_and_lapses_on_day_8(world):
    decision = _provisional(world)
    assert decision.lapses_after == days(7)
    with time_machine.travel(days(7), tick=False):
        assert provisional_lapse_due() == []
    with time_machine.travel(days(8), tick=False):
        assert provisional_lapse_due() == [decision]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.LAPSED
    assert decision.reservation is not None
    assert decision.reservation.status == ReservationStatus.RELEASED
    world["case"].refresh_from_db()
    assert world["case"].status == "matching"


def test_a_provisional_decision_approved_in_time_does_not_lapse(world):
    decision = _provisional(world)
    Decision.objects.filter(pk=decision.pk).update(committee_decided_on=days(6))
    with time_machine.travel(days(8), tick=False):
        assert provisional_lapse_due() == []
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED


def test_the_deadline_shows_on_the_case_and_the_dashboard(world, client_for):
    _provisional(world)
    client = client_for(world["caseworker"])
    page = client.get(f"/decisions/cases/{world['case'].pk}/").content.decode()
    deadline = days(7).strftime("%d.%m.%Y")
    assert "§ 143" in page and deadline in page
    dashboard = client.get("/").content.decode()
    assert "Foreløbige afgørelser (§ 143)" in dashboard and deadline in dashboard


def test_the_committee_approves_within_7_days_through_the_decision_page(world, client_for):
    decision = _provisional(world, implemented=-6)
    client = client_for(world["caseworker"])
    url = f"/decisions/{decision.pk}/committee/"
    page = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert "Registrér udvalgets godkendelse" in page
    version = shown_version(client, f"/decisions/{decision.pk}/", url)
    for refused in (days(1), days(-7)):  # a day to come; before it was carried out
        response = client.post(url, {"approved_on": refused.isoformat()} | version)
        assert response.status_code == 400
    decision.refresh_from_db()
    assert decision.committee_decided_on is None
    done = client.post(url, {"approved_on": days(0).isoformat()} | version)
    assert done.status_code == 302 and done["Location"] == f"/decisions/{decision.pk}/"
    decision.refresh_from_db()
    assert decision.committee_decided_on == days(0)
    with time_machine.travel(days(3), tick=False):
        assert provisional_lapse_due() == []
