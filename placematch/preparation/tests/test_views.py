# SPDX-License-Identifier: MPL-2.0
"""The plan page and the placement's page: bad input shows a Danish message and saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from placematch.audit.models import AccessLogEntry
from placematch.core.tests.page_forms import form_data
from placematch.preparation.models import (
    ChecklistItem,
    Party,
    PreparationMeeting,
    PreparationPlan,
)
from placematch.preparation.tests.conftest import held_meeting

pytestmark = pytest.mark.django_db


def plan_url(world) -> str:
    return f"/preparation/cases/{world['case'].pk}/"


def test_the_caseworker_starts_the_preparation_from_the_tab(decided, client_for):
    client = client_for(decided["caseworker"])
    page = client.get(plan_url(decided)).content.decode()
    assert "Start forberedelsen" in page and "Forberedelse" in page
    response = client.post(f"/preparation/cases/{decided['case'].pk}/start/")
    assert response.status_code == 302
    page = client.get(plan_url(decided)).content.decode()
    for words in ("Første møde", "Matchsamtale", "Matchbesøg", "Gensidigt ja",
                  "Beliggenhedskommunen", "Storm Fiktivholm"):  # fmt: skip
        assert words in page, words
    again = client.post(f"/preparation/cases/{decided['case'].pk}/start/")
    assert again.status_code == 400 and "allerede startet" in again.content.decode()
    assert PreparationPlan.objects.count() == 1


def test_a_meeting_date_that_is_not_a_date(decided, plan, client_for):
    client = client_for(decided["caseworker"])
    response = client.post(
        f"/preparation/plans/{plan.pk}/meetings/",
        {"meeting-step": "first_meeting", "meeting-meeting_on": "den 3. i næste måned"},
    )
    assert response.status_code == 400
    assert "Skriv en gyldig dato, for eksempel 14-03-2026" in response.content.decode()
    assert not PreparationMeeting.objects.exists()


def test_a_move_date_before_the_decision(decided, plan, client_for):
    client = client_for(decided["caseworker"])
    before = timezone.localdate() - datetime.timedelta(days=3)
    url = f"/preparation/plans/{plan.pk}/move/"
    data = form_data(client.get(plan_url(decided)).content.decode(), action=url)
    data["move-move_date"] = [before.isoformat()]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Flyttedatoen er før afgørelsen" in response.content.decode()
    plan.refresh_from_db()
    assert plan.move_date is None


def test_mutual_yes_before_the_match_visit(decided, plan, client_for):
    held_meeting(decided, plan)
    client = client_for(decided["caseworker"])
    url = f"/preparation/plans/{plan.pk}/mutual-yes/"
    data = form_data(client.get(url).content.decode())
    data.update(
        {"yes-mutual_yes": ["yes"], "yes-placement_yes": ["yes"], "yes-child_view": ["Glad"]}
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Hold matchbesøget først" in response.content.decode()
    plan.refresh_from_db()
    assert plan.mutual_yes is None


def test_marking_a_checklist_item_done_twice(decided, plan, client_for):
    item = plan.checklist.filter(party=Party.SCHOOL).get()
    client = client_for(decided["caseworker"])
    assert client.post(f"/preparation/items/{item.pk}/done/").status_code == 302
    response = client.post(f"/preparation/items/{item.pk}/done/")
    assert response.status_code == 400
    assert "blev allerede markeret som klaret" in response.content.decode()


def test_another_municipality_gets_404(decided, plan, users, client_for):
    client = client_for(users[("other", "team_leader")])
    assert client.get(plan_url(decided)).status_code == 404
    item = plan.checklist.first()
    assert client.post(f"/preparation/items/{item.pk}/done/").status_code == 404
    item.refresh_from_db()
    assert item.done_on is None


def test_the_placement_sees_its_meetings_and_items_but_not_the_case(decided, plan, client_for):
    held_meeting(decided, plan)
    staff = client_for(decided["staff"])
    listing = staff.get("/preparation/placement/").content.decode()
    assert "Vilja" in listing and "Fiktivholm" not in listing
    page = staff.get(f"/preparation/placement/{plan.pk}/").content.decode()
    assert "Første møde" in page and "Giv anbringelsesstedet det, det skal vide" in page
    child = decided["child"]
    for hidden in ("Fiktivholm", child.case_number, "Balder", "Storm", "Skovbrynets"):
        assert hidden not in page, hidden
    # Only the school's item is not the placement's to mark.
    school = plan.checklist.get(party=Party.SCHOOL)
    assert staff.post(f"/preparation/placement/items/{school.pk}/done/").status_code == 404
    own = plan.checklist.filter(party=Party.PLACEMENT).first()
    staff.post(f"/preparation/placement/items/{own.pk}/done/")
    own.refresh_from_db()
    assert own.done_by == decided["staff"]
    assert AccessLogEntry.objects.filter(
        user=decided["staff"], subject_id=str(child.pk), action="view"
    ).exists()


def test_another_provider_sees_nothing(decided, plan, users, client_for):
    other = client_for(users[("other_provider", "provider_staff")])
    assert other.get(f"/preparation/placement/{plan.pk}/").status_code == 404
    item = ChecklistItem.objects.filter(plan=plan, party=Party.PLACEMENT).first()
    assert other.post(f"/preparation/placement/items/{item.pk}/done/").status_code == 404
