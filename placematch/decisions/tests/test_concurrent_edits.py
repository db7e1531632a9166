# SPDX-License-Identifier: MPL-2.0
"""Two users edit the same meeting or withdraw the same decision: the stale one is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placematch.core.concurrency import StaleEditError
from placematch.core.tests.page_forms import form_data
from placematch.decisions.models import Decision
from placematch.decisions.services import decision_make, decision_withdraw
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import decide_kwargs

pytestmark = pytest.mark.django_db


def test_meeting_second_stale_save_is_refused_and_the_first_survives(world, client_for):
    meeting = world["meeting"]
    first, second = client_for(world["caseworker"]), client_for(world["team_leader"])
    url = reverse("decisions:meeting_detail", args=[meeting.pk])
    mine = form_data(first.get(url).content.decode())
    theirs = form_data(second.get(url).content.decode())
    mine["answer_school_change"] = ["not_met"]
    mine["reason_school_change"] = ["Ingen plads nær skolen"]
    mine["notes"] = ["Skolen er drøftet"]
    assert first.post(url, mine).status_code == 302
    theirs["notes"] = ["Mine egne noter"]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden:" in html
    assert "Referat fra mødet" in html and "Nu: Skolen er drøftet" in html
    assert "Nu: Ingen plads nær skolen" in html
    assert "Mine egne noter" in html  # the second user's input is kept
    meeting.refresh_from_db()
    assert meeting.notes == "Skolen er drøftet"
    answer = meeting.checklist.get(point="school_change")
    assert (answer.answer, answer.reason) == ("not_met", "Ingen plads nær skolen")


def test_a_stale_meeting_save_writes_no_checklist_answer(world):
    meeting = world["meeting"]
    version = meeting.version
    meeting_save(
        actor=world["caseworker"], case=world["case"], held_on=meeting.held_on, notes="Ny",
        meeting=meeting, expected_version=version,
    )  # fmt: skip
    before = list(meeting.checklist.values_list("point", "answer", "reason"))
    with pytest.raises(StaleEditError):
        meeting_save(
            actor=world["team_leader"], case=world["case"], held_on=meeting.held_on,
            notes="Gammel", meeting=meeting, expected_version=version,
            checklist=[],
        )  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.notes == "Ny"
    assert list(meeting.checklist.values_list("point", "answer", "reason")) == before


def _withdraw_forms(world, client_for):
    """The caseworker and the team leader each open the decision in force to withdraw it."""
    decision = decision_make(**decide_kwargs(world))
    first, second = client_for(world["caseworker"]), client_for(world["team_leader"])
    page = reverse("decisions:decision_detail", args=[decision.pk])
    url = reverse("decisions:decision_withdraw", args=[decision.pk])
    mine = form_data(first.get(page).content.decode(), action=url)
    theirs = form_data(second.get(page).content.decode(), action=url)
    return decision, url, (first, mine), (second, theirs)


def test_a_decision_withdrawn_in_another_tab_is_not_withdrawn_again(world, client_for):
    decision, url, (first, mine), (second, theirs) = _withdraw_forms(world, client_for)
    mine["reason"] = ["Familien har trukket sig."]
    assert first.post(url, mine).status_code == 302
    theirs["reason"] = ["Barnet vil ikke flytte."]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Afgørelsen er allerede tilbagekaldt" in html
    assert world["caseworker"].get_full_name() in html  # who withdrew it
    assert "Intet blev ændret" in html
    assert 'name="reason"' not in html  # a withdrawn decision offers no withdrawal
    decision.refresh_from_db()
    assert decision.status == "withdrawn"
    assert decision.withdraw_reason == "Familien har trukket sig."
    assert decision.withdrawn_by == world["caseworker"]


def test_a_withdrawal_from_a_page_older_than_a_change_is_refused_then_goes_through(
    world, client_for
):
    decision, url, _first, (second, theirs) = _withdraw_forms(world, client_for)
    Decision.objects.get(pk=decision.pk).save()  # e.g. a correction in the admin
    theirs["reason"] = ["Barnet vil ikke flytte."]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "En anden har gemt her" in html
    assert "Barnet vil ikke flytte." in html  # the input is kept
    assert Decision.objects.get(pk=decision.pk).status == "decided"
    # Sending the refused page again carries the fresh version: a deliberate second try.
    assert second.post(url, form_data(html, action=url)).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "withdrawn" and decision.withdraw_reason == "Barnet vil ikke flytte."


def test_a_stale_withdrawal_by_a_service_call_writes_nothing(world):
    decision = decision_make(**decide_kwargs(world))
    loaded = decision.version
    Decision.objects.get(pk=decision.pk).save()
    with pytest.raises(StaleEditError):
        decision_withdraw(
            actor=world["team_leader"], decision=decision, reason="Forældet",
            expected_version=loaded,
        )  # fmt: skip
    decision.refresh_from_db()
    assert decision.status == "decided" and decision.reservation.status == "active"
