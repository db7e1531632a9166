# SPDX-License-Identifier: MPL-2.0
"""Deciding a place: the happy path, every bad input, replacement, withdrawal and release."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placematch.audit.models import AccessLogEntry
from placematch.decisions.gates import HearingInput
from placematch.decisions.models import Decision, DecisionStatus, Hearing, MatchMeeting
from placematch.decisions.selectors import current_decision, hearing_parties
from placematch.decisions.services import (
    decision_make,
    decision_withdraw,
    reservation_release_for,
)
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import decide_kwargs, declare_vacancy, full_checklist
from placematch.providers.models import Reservation, ReservationStatus, VacancyDeclaration
from placematch.providers.selectors import occupancy
from placematch.providers.tests.factories import ApprovalFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in error.value.message_dict.items()}


def assert_nothing_saved(world) -> None:
    world["case"].refresh_from_db()
    assert Decision.objects.count() == 0
    assert Hearing.objects.count() == 0
    assert Reservation.objects.count() == 0
    assert world["case"].status == "matching"
    assert world["case"].placement_decision_date is None


def test_a_lasting_decision_reserves_the_place_and_marks_the_case_decided(world):
    decision = decision_make(**decide_kwargs(world))
    case = world["case"]
    case.refresh_from_db()
    assert case.status == "decided"
    assert case.placement_decision_date == timezone.localdate()
    assert decision.reservation.status == ReservationStatus.ACTIVE
    assert decision.reservation.child_ref == world["child"].ref
    assert occupancy(world["place"]).free == 0
    assert decision.top_place == world["place"] and decision.chosen_rank == 1
    assert [h.name for h in decision.hearings.all()] == ["Hanne Fiktivholm", "Vilja Fiktivholm"]
    assert current_decision(case) == decision
    assert AccessLogEntry.objects.filter(
        object_type="decisions.decision", subject_id=str(world["child"].pk)
    ).exists()


def test_deciding_without_a_place_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world, place=None))
    assert "Vælg det sted" in messages_of(error)["place"][0]
    assert_nothing_saved(world)


def test_deciding_without_reasons_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world, reasons="  "))
    assert "begrundelse" in messages_of(error)["reasons"][0]
    assert_nothing_saved(world)


def test_an_unmet_checklist_point_without_a_reason_is_refused_at_the_meeting(world):
    with pytest.raises(ValidationError) as error:
        meeting_save(
            actor=world["caseworker"],
            case=world["case"],
            held_on=timezone.localdate(),
            checklist=full_checklist(siblings_together=("not_met", "")),
        )
    assert "ikke er opfyldt" in messages_of(error)["reason_siblings_together"][0]
    assert MatchMeeting.objects.count() == 1  # only the one from the set-up


def test_deciding_on_a_meeting_with_an_unmet_point_without_reason_saves_nothing(world):
    # A point recorded as unmet without a reason (e.g. changed in the database) still blocks.
    world["meeting"].checklist.filter(point="siblings_together").update(answer="not_met")
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world))
    assert "ingen begrundelse" in " ".join(messages_of(error)["meeting"])
    assert_nothing_saved(world)


def test_an_unmet_point_with_a_reason_is_accepted(world):
    meeting_save(
        actor=world["caseworker"],
        case=world["case"],
        held_on=timezone.localdate(),
        run=world["run"],
        checklist=full_checklist(
            school_change=("not_met", "Ingen plads tæt på skolen; ny skole med støtte")
        ),
        meeting=world["meeting"],
    )
    decision = decision_make(**decide_kwargs(world))
    assert decision.status == DecisionStatus.DECIDED


def test_a_lasting_decision_needs_a_meeting_with_a_full_checklist(world):
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world, meeting=None))
    assert "matchmødet" in messages_of(error)["meeting"][0]
    world["meeting"].checklist.filter(point="youth_plan").update(answer="")
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world))
    assert "Ungeplanen" in " ".join(messages_of(error)["meeting"])
    assert_nothing_saved(world)


def test_a_place_with_no_free_capacity_in_the_ledger_saves_nothing(world):
    Reservation.objects.create(
        place=world["place"], child_ref="00000000-0000-0000-0000-000000000001",
        start=timezone.localdate(),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world))
    # The gate sees the full ledger before the reservation is tried (§ 52: free places).
    assert "0 ledige pladser" in messages_of(error)["place"][0]
    world["case"].refresh_from_db()
    assert Decision.objects.count() == 0 and Hearing.objects.count() == 0
    assert Reservation.objects.count() == 1
    assert world["case"].status == "matching"


def test_a_second_lasting_decision_on_the_same_case_is_refused(world):
    decision_make(**decide_kwargs(world))
    with pytest.raises(ValidationError) as error:
        decision_make(
            **decide_kwargs(world, place=world["other_place"], reasons_for_other_than_top="x")
        )
    assert "allerede en varig afgørelse" in messages_of(error)["kind"][0]
    assert Decision.objects.count() == 1
    assert occupancy(world["other_place"]).reserved == 0


def test_choosing_another_than_the_first_ranked_place_needs_only_reasons(world):
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world, place=world["other_place"]))
    assert "Plejefamilie Prøvesen" in messages_of(error)["reasons_for_other_than_top"][0]
    assert_nothing_saved(world)
    decision = decision_make(
        **decide_kwargs(
            world, place=world["other_place"],
            reasons_for_other_than_top="Vilja ønsker at bo sammen med andre unge.",
        )
    )  # fmt: skip
    assert decision.chosen_rank == 2 and decision.top_place == world["place"]


def test_a_change_of_placement_without_consents_or_committee_saves_nothing(world):
    case = world["case"]
    case.case_type = "change_of_placement"
    case.save()
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world))
    messages = messages_of(error)
    assert "§ 98, stk. 1" in messages["custody_consent_on"][0]
    assert "§ 98, stk. 4" in messages["custody_consent_on"][0]
    assert "§ 98, stk. 1" in messages["child_consent_on"][0]  # the child is 12 or older
    assert "§ 98, stk. 2" in messages["current_placement_statement"][0]
    assert_nothing_saved(world)


def test_a_change_of_placement_with_consents_and_statement_is_decided(world):
    case = world["case"]
    case.case_type = "change_of_placement"
    case.save()
    today = timezone.localdate()
    decision = decision_make(
        **decide_kwargs(
            world, custody_consent_on=today, child_consent_on=today,
            current_placement_statement="Opholdsstedet støtter skiftet.",
        )
    )  # fmt: skip
    assert decision.custody_consent_on == today


def test_a_change_of_placement_decided_by_the_committee_needs_no_consent(world):
    case = world["case"]
    case.case_type = "change_of_placement"
    case.save()
    decision = decision_make(
        **decide_kwargs(
            world, committee_decided_on=timezone.localdate(),
            current_placement_statement="Opholdsstedet støtter skiftet.",
        )
    )  # fmt: skip
    assert decision.committee_decided_on is not None


def test_a_lapsed_vacancy_declaration_warns_and_can_be_overridden_with_a_reason(world):
    VacancyDeclaration.objects.filter(place=world["place"]).update(
        declared_on=timezone.localdate() - datetime.timedelta(days=30),
        expires_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as error:
        decision_make(**decide_kwargs(world))
    assert "udløb" in messages_of(error)["vacancy_override_reason"][0]
    assert_nothing_saved(world)
    decision = decision_make(
        **decide_kwargs(world, vacancy_override_reason="Familien bekræftede i telefonen i dag.")
    )
    assert decision.vacancy_override_reason.startswith("Familien")


def test_a_lasting_decision_needs_the_parties_heard(world):
    kwargs = decide_kwargs(world)
    kwargs["hearings"][1] = kwargs["hearings"][1].__class__(party="child", name="Vilja Fiktivholm")
    with pytest.raises(ValidationError) as error:
        decision_make(**kwargs)
    assert "Vilja Fiktivholm" in messages_of(error)["hearing_1_sent_on"][0]
    assert_nothing_saved(world)


def test_a_temporary_place_is_replaced_by_the_lasting_decision(world):
    acute = PlaceFactory(name="Akutplejefamilie Eksempel", capacity=1)
    ApprovalFactory(place=acute, places=1)
    declare_vacancy(acute)
    # An acute place may leave the hearing out, but only on a ground fvl. § 19, stk. 2 names.
    left_out = [
        HearingInput(
            party=party, name=name, person=person, omitted_ground="urgent",
            omitted_reason="Vilja kunne ikke blive hjemme i nat.",
        )
        for party, name, person in hearing_parties(world["case"])
    ]  # fmt: skip
    temporary = decision_make(
        **decide_kwargs(world, kind="temporary", place=acute, meeting=None, hearings=left_out)
    )
    assert temporary.hearings.filter(omitted_ground="urgent").count() == 2
    assert current_decision(world["case"]) == temporary
    assert occupancy(acute).free == 0
    lasting = decision_make(**decide_kwargs(world))
    temporary.refresh_from_db()
    assert temporary.status == DecisionStatus.REPLACED and temporary.replaced_by == lasting
    assert temporary.reservation.status == ReservationStatus.RELEASED
    assert occupancy(acute).free == 1
    assert current_decision(world["case"]) == lasting


def test_withdrawing_releases_the_place_and_reopens_matching(world):
    decision = decision_make(**decide_kwargs(world))
    with pytest.raises(ValidationError):
        decision_withdraw(actor=world["team_leader"], decision=decision, reason=" ")
    decision_withdraw(actor=world["team_leader"], decision=decision, reason="Familien trak sig")
    decision.refresh_from_db()
    world["case"].refresh_from_db()
    assert decision.status == DecisionStatus.WITHDRAWN
    assert decision.reservation.status == ReservationStatus.RELEASED
    assert occupancy(world["place"]).free == 1
    assert world["case"].status == "matching"
    assert current_decision(world["case"]) is None


def test_release_for_a_failed_mutual_yes_gives_the_place_back_once(world):
    decision = decision_make(**decide_kwargs(world))
    assert reservation_release_for(
        actor=world["caseworker"], decision=decision, reason="Intet gensidigt ja"
    )
    assert occupancy(world["place"]).free == 1
    assert not reservation_release_for(actor=world["caseworker"], decision=decision, reason="Igen")
