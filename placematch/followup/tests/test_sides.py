# SPDX-License-Identifier: MPL-2.0
"""The placement's and the family-care consultant's follow-up pages: minimised, own only, logged."""

from __future__ import annotations

import pytest

from placematch.audit.models import AccessLogEntry
from placematch.followup.models_voice import VoiceAnswer
from placematch.followup.services import visit_record
from placematch.followup.tests.conftest import a_plan
from placematch.providers.models import Provider

pytestmark = pytest.mark.django_db


def test_the_placement_sees_its_dates_and_sends_a_status_the_caseworker_reads(placed, client_for):
    a_plan(placed)
    record = placed["record"]
    child = placed["child"]
    staff = client_for(placed["staff"])
    listing = staff.get("/followup/placement/").content.decode()
    assert "Vilja" in listing and child.last_name not in listing
    reads = AccessLogEntry.objects.filter(action="view", subject_id=str(child.pk)).count()
    page = staff.get(f"/followup/placement/{record.pk}/").content.decode()
    assert AccessLogEntry.objects.filter(action="view", subject_id=str(child.pk)).count() > reads
    due = record.followups.get().due_on
    assert due.strftime("%d.%m.%Y") in page or due.strftime("%d-%m-%Y") in page
    # Minimised: no surname, case number, goal text or the parents' names.
    for secret in (child.last_name, child.case_number, "Vilja går i skole hver dag", "Hanne"):
        assert secret not in page
    response = staff.post(f"/followup/placement/{record.pk}/", {"q0-rating": "good"})
    assert response.status_code == 400 and "Vælg et svar" in response.content.decode()
    assert not VoiceAnswer.objects.exists()
    response = staff.post(
        f"/followup/placement/{record.pk}/",
        {"q0-rating": "good", "q1-rating": "mixed", "q1-text": "Lektier er svære",
         "q2-rating": "good"},
    )  # fmt: skip
    assert response.status_code == 302
    answer = VoiceAnswer.objects.get()
    assert (answer.via, answer.answered_by, answer.respondent) == (
        "account", placed["staff"], "placement",
    )  # fmt: skip
    assert (
        "Der er ingen opfølgning" in staff.get(f"/followup/placement/{record.pk}/").content.decode()
    )
    caseworker = client_for(placed["caseworker"])
    html = caseworker.get(f"/followup/followups/{answer.followup_id}/").content.decode()
    assert "Lektier er svære" in html
    other = client_for(placed["users"][("other_provider", "provider_staff")])
    assert other.get(f"/followup/placement/{record.pk}/").status_code == 404


def test_the_consultant_sees_visits_and_support_for_their_own_foster_families(placed, client_for):
    record = placed["record"]
    Provider.objects.filter(pk=record.place.provider_id).update(
        form="foster_family", responsible_municipality=placed["case"].organisation
    )
    visit_record(
        actor=placed["caseworker"], record=record, visited_on=record.started_on,
        present="Vilja og sagsbehandler", talked_alone=False,
        not_alone_reason="Plejemor var syg", notes="Vilja virkede ked af det",
    )  # fmt: skip
    consultant = client_for(placed["users"][("own", "family_care_consultant")])
    assert "Vilja" in consultant.get("/followup/consultant/").content.decode()
    page = consultant.get(f"/followup/consultant/{record.pk}/").content.decode()
    assert "Ingen samtale med barnet alene" in page and "støtte i skolen" in page
    assert "Vilja virkede ked af det" not in page and placed["child"].last_name not in page
    other = client_for(placed["users"][("other", "family_care_consultant")])
    assert other.get(f"/followup/consultant/{record.pk}/").status_code == 404
    assert "Vilja" not in other.get("/followup/consultant/").content.decode()
