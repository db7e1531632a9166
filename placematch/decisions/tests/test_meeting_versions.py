# SPDX-License-Identifier: MPL-2.0
"""A meeting a decision rests on is locked: a change is a new version, the basis stays as it was."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from placematch.decisions.models import (
    ChecklistAnswerValue,
    ChecklistPoint,
    DecisionBasis,
    MatchMeeting,
)
from placematch.decisions.services import decision_make
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import FOSTER_ASSESSED, decide_kwargs, full_checklist

pytestmark = pytest.mark.django_db

NEW_REASON = "Skolen ligger for langt væk efter flytningen."


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _edit(world, meeting):
    return meeting_save(
        actor=world["caseworker"], case=world["case"], held_on=meeting.held_on, run=meeting.run,
        participants=[world["caseworker"]], externals=[],
        checklist=full_checklist(school_change=(ChecklistAnswerValue.NOT_MET, NEW_REASON)),
        notes="Ændret efter afgørelsen", meeting=meeting, expected_version=meeting.version,
        **FOSTER_ASSESSED,
    )  # fmt: skip


def test_a_meeting_without_a_decision_is_edited_in_place(world):
    meeting = world["meeting"]
    saved = _edit(world, meeting)
    assert saved.pk == meeting.pk
    assert MatchMeeting.objects.count() == 1


def test_editing_a_decided_meeting_makes_a_new_version_and_the_basis_stays(world, client_for):
    decision = decision_make(**decide_kwargs(world))
    meeting = world["meeting"]
    client = client_for(world["caseworker"])
    url = reverse("decisions:decision_basis", args=[decision.pk])
    before = client.get(url).content
    sha = DecisionBasis.objects.get(decision=decision).sha256

    new = _edit(world, meeting)

    assert new.pk != meeting.pk and new.previous_id == meeting.pk and new.revision == 2
    old_answer = meeting.checklist.get(point=ChecklistPoint.SCHOOL_CHANGE)
    assert old_answer.answer == ChecklistAnswerValue.MET and old_answer.reason == ""
    assert new.checklist.get(point=ChecklistPoint.SCHOOL_CHANGE).reason == NEW_REASON
    decision.refresh_from_db()
    assert decision.meeting_id == meeting.pk
    after = client.get(url).content
    assert after == before
    assert DecisionBasis.objects.get(decision=decision).sha256 == sha
    assert NEW_REASON not in pdf_text(after)


def test_the_old_version_is_shown_read_only_and_can_not_be_saved_again(world, client_for):
    decision_make(**decide_kwargs(world))
    meeting = world["meeting"]
    new = _edit(world, meeting)
    client = client_for(world["caseworker"])
    old_page = client.get(reverse("decisions:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Dette er en tidligere version" in old_page
    assert "<fieldset disabled>" in old_page
    assert reverse("decisions:meeting_detail", args=[new.pk]) in old_page
    assert NEW_REASON not in old_page
    new_page = client.get(reverse("decisions:meeting_detail", args=[new.pk])).content.decode()
    assert NEW_REASON in new_page and "Version 2" in new_page and "Version 1" in new_page
    from placematch.core.concurrency import StaleEditError

    meeting.refresh_from_db()
    with pytest.raises(StaleEditError) as refused:
        _edit(world, meeting)
    assert refused.value.current == new  # named against the newest version
    assert MatchMeeting.objects.count() == 2


def test_saving_a_decided_meeting_through_the_page_redirects_to_the_new_version(world, client_for):
    decision_make(**decide_kwargs(world))
    meeting = world["meeting"]
    client = client_for(world["caseworker"])
    url = reverse("decisions:meeting_detail", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Gem som ny version" in page
    from placematch.core.tests.page_forms import form_data

    data = form_data(page)
    data["notes"] = ["Ændret på siden"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    new = MatchMeeting.objects.get(previous=meeting)
    assert response["Location"] == reverse("decisions:meeting_detail", args=[new.pk])
    meeting.refresh_from_db()
    assert meeting.notes != "Ændret på siden" and new.notes == "Ændret på siden"
