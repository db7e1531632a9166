# SPDX-License-Identifier: MPL-2.0
"""Two users edit the same match meeting: the second, stale save is refused and names changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placematch.core.concurrency import StaleEditError
from placematch.core.tests.page_forms import form_data
from placematch.decisions.services_meeting import meeting_save

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
