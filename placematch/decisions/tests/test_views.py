# SPDX-License-Identifier: MPL-2.0
"""The meeting and decision pages: saving, bad input that saves nothing, the case tab."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from placematch.audit.models import AccessLogEntry
from placematch.core.tests.page_forms import shown_version
from placematch.decisions.models import ChecklistPoint, Decision, MatchMeeting
from placematch.providers.models import Reservation

pytestmark = pytest.mark.django_db


def meeting_post(world, **overrides):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "run": str(world["run"].pk),
        "participants": [str(world["caseworker"].pk)],
        "externals": "Bente Prøvesen, psykolog\nKaj Eksempel, skoleleder",
        "notes": "Vi talte om hunden.",
    }
    for point in ChecklistPoint.values:
        data[f"answer_{point}"] = "met"
        data[f"reason_{point}"] = ""
    data.update(overrides)
    return data


def decision_post(world, **overrides):
    today = timezone.localdate()
    data = {
        "meeting": str(world["meeting"].pk),
        "kind": "lasting",
        "place": str(world["place"].pk),
        "start_on": today.isoformat(),
        "reasons": "Familien kan give Vilja faste voksne.",
        "appeal_guidance": "Du kan klage til Ankestyrelsen.",
        "hearing_0_sent_on": (today - datetime.timedelta(days=5)).isoformat(),
        "hearing_0_answered_on": (today - datetime.timedelta(days=2)).isoformat(),
        "hearing_0_answer": "Jeg er enig.",
        "hearing_1_sent_on": (today - datetime.timedelta(days=5)).isoformat(),
        "location_municipality": "Skanderborg Kommune",
        "location_informed_on": today.isoformat(),
        "legal_basis": "s46_consent",
        "purpose": "At Vilja får en stabil hverdag med faste voksne.",
        "expected_duration": "Cirka to år",
        "follows_child_plan": "on",
        "school_change": "kept",
        "schooling": "Vilja fortsætter i sin skole.",
        "reasons_for_parents": "Vilja får faste voksne, og hun kan blive i sin skole.",
        "reasons_for_child": "Du får faste voksne. Du kan gå i din skole.",
    }
    data.update(overrides)
    return data


def test_the_case_has_a_decision_tab(world, client_for):
    client = client_for(world["caseworker"])
    page = client.get(reverse("children:case_detail", args=[world["case"].pk])).content.decode()
    assert reverse("decisions:case_decisions", args=[world["case"].pk]) in page
    page = client.get(reverse("decisions:case_decisions", args=[world["case"].pk]))
    assert page.status_code == 200
    assert "Hold et matchmøde" in page.content.decode()


def test_the_meeting_page_shows_shortlist_wishes_and_parents_side_by_side(world, client_for):
    client = client_for(world["team_leader"])
    url = reverse("decisions:meeting_start", args=[world["case"].pk])
    page = client.get(url, {"run": world["run"].pk}).content.decode()
    assert "Plejefamilie Prøvesen" in page and "Lyngly afdeling A" in page
    assert "hund der hedder Balder" in page  # the child's wish
    assert "Hanne Fiktivholm" in page  # the custody holder
    assert "Søskende anbringes sammen" in page  # a checklist point
    assert AccessLogEntry.objects.filter(subject_id=str(world["child"].pk), action="view").exists()


def test_saving_a_meeting_records_participants_and_checklist(world, client_for):
    client = client_for(world["caseworker"])
    response = client.post(
        reverse("decisions:meeting_start", args=[world["case"].pk]), meeting_post(world)
    )
    assert response.status_code == 302
    meeting = MatchMeeting.objects.latest("pk")
    assert [e.name for e in meeting.external_participants.all()] == [
        "Bente Prøvesen",
        "Kaj Eksempel",
    ]
    assert meeting.checklist.filter(answer="met").count() == len(ChecklistPoint.values)


def test_an_unmet_point_without_a_reason_is_shown_and_nothing_saved(world, client_for):
    client = client_for(world["caseworker"])
    before = MatchMeeting.objects.count()
    response = client.post(
        reverse("decisions:meeting_start", args=[world["case"].pk]),
        meeting_post(world, answer_school_change="not_met"),
    )
    assert response.status_code == 400
    assert "Skriv, hvorfor punktet ikke er opfyldt" in response.content.decode()
    assert MatchMeeting.objects.count() == before


def test_a_badly_written_external_participant_is_refused(world, client_for):
    client = client_for(world["caseworker"])
    response = client.post(
        reverse("decisions:meeting_start", args=[world["case"].pk]),
        meeting_post(world, externals="Bente Prøvesen"),
    )
    assert response.status_code == 400
    assert "navn, rolle" in response.content.decode()


def test_deciding_through_the_page_reserves_the_place(world, client_for):
    client = client_for(world["caseworker"])
    response = client.post(
        reverse("decisions:decision_new", args=[world["case"].pk]), decision_post(world)
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.reservation is not None
    page = client.get(response["Location"]).content.decode()
    assert "Plejefamilie Prøvesen" in page and "Beslutningsgrundlag" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"place": ""}, "Vælg det sted, barnet skal bo."),
        ({"reasons": ""}, "Skriv begrundelsen for afgørelsen"),
        ({"hearing_1_sent_on": ""}, "Skriv datoen for partshøringen af Vilja Fiktivholm"),
        ({"meeting": ""}, "Hold først matchmødet"),
    ],
)
def test_bad_decisions_say_what_is_wrong_and_save_nothing(world, client_for, overrides, message):
    client = client_for(world["caseworker"])
    response = client.post(
        reverse("decisions:decision_new", args=[world["case"].pk]),
        decision_post(world, **overrides),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Decision.objects.exists() and not Reservation.objects.exists()


def test_the_last_place_taken_meanwhile_gives_a_clear_message(world, client_for):
    Reservation.objects.create(
        place=world["place"], child_ref="00000000-0000-0000-0000-000000000002",
        start=timezone.localdate(),
    )  # fmt: skip
    client = client_for(world["caseworker"])
    response = client.post(
        reverse("decisions:decision_new", args=[world["case"].pk]), decision_post(world)
    )
    assert response.status_code == 400
    assert "0 ledige pladser" in response.content.decode()
    assert not Decision.objects.exists()


def test_withdrawing_through_the_page_needs_a_reason(world, client_for):
    client = client_for(world["team_leader"])
    client.post(reverse("decisions:decision_new", args=[world["case"].pk]), decision_post(world))
    decision = Decision.objects.get()
    url = reverse("decisions:decision_withdraw", args=[decision.pk])
    shown = shown_version(client, reverse("decisions:decision_detail", args=[decision.pk]), url)
    response = client.post(url, {"reason": ""} | shown)
    assert response.status_code == 400
    assert "Skriv, hvorfor afgørelsen tilbagekaldes." in response.content.decode()
    response = client.post(url, {"reason": "Familien har trukket sig."} | shown)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "withdrawn"


def test_another_municipality_cannot_see_the_decision(world, client_for, users):
    client = client_for(world["caseworker"])
    client.post(reverse("decisions:decision_new", args=[world["case"].pk]), decision_post(world))
    decision = Decision.objects.get()
    other = client_for(users[("other", "team_leader")])
    assert other.get(reverse("decisions:decision_detail", args=[decision.pk])).status_code == 404
    assert other.get(reverse("decisions:decision_basis", args=[decision.pk])).status_code == 404


REQUIRED_BY_LAW = (
    "meeting", "place", "reasons", "reasons_for_other_than_top", "legal_basis", "purpose",
    "expected_duration", "investigation_exception", "network_agreement_on", "child_consent_on",
    "committee_decided_on", "provisional_implemented_on", "written_notice_on",
    "conversation_omitted_reason", "siblings_reason", "school_change_reason", "schooling",
    "special_education_assessed_on", "location_municipality", "location_informed_on",
    "hearing_0_sent_on", "hearing_0_omitted_reason", "hearing_1_sent_on",
)  # fmt: skip


def test_fields_the_law_requires_are_never_called_optional(world, client_for):
    client = client_for(world["caseworker"])
    page = client.get(reverse("decisions:decision_new", args=[world["case"].pk])).content.decode()
    labels = dict(re.findall(r'<label class="form-label" for="id_(\w+)">(.*?)</label>', page, re.S))
    for name in REQUIRED_BY_LAW:
        assert "frivilligt" not in labels[name], name
    assert "frivilligt" in labels["dissent"]  # truly optional fields still say so
    meeting = client.get(reverse("decisions:meeting_detail", args=[world["meeting"].pk]))
    legends = re.findall(r'<legend class="form-label">(.*?)</legend>', meeting.content.decode())
    with translation.override("da"):
        points = [str(point.label) for point in ChecklistPoint]
    checklist = [legend for legend in legends if any(p in legend for p in points)]
    assert len(checklist) == len(points)
    assert not [legend for legend in checklist if "frivilligt" in legend], checklist
