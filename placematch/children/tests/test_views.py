# SPDX-License-Identifier: MPL-2.0
"""Caseworker pages: visibility, logged reads, htmx panels, bad input with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from placematch.audit.models import AccessLogEntry
from placematch.children.models import Assessment, Case, Child, Conversation, Sibling, Wish
from placematch.children.tests.factories import CaseFactory, ConversationFactory, PersonFactory
from placematch.core.tests.page_forms import shown_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel("2024-06-03 09:00 +0200", tick=False):
        yield


@pytest.fixture
def case(users, municipality):
    caseworker = users[("own", "caseworker")]
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    PersonFactory(child=case.child, organisation=municipality, name="Ulla Testesen")
    return case


def _reads(case) -> int:
    return AccessLogEntry.objects.filter(subject_id=str(case.child.pk), action="view").count()


def test_every_case_page_renders_and_logs_one_read(client_for, caseworker, case):
    client = client_for(caseworker)
    pages = ["", "edit/", "assessment/", "assessments/", "conversations/", "wishes/",
             "parents/", "people/"]  # fmt: skip
    for page in pages:
        before = _reads(case)
        response = client.get(f"/children/cases/{case.pk}/{page}")
        assert response.status_code == 200, page
        assert _reads(case) == before + 1, page
    listing = client.get("/children/")
    assert case.child.name in listing.content.decode()
    assert AccessLogEntry.objects.filter(action="list").count() == 1


def test_a_caseworker_outside_the_case_gets_404(client_for, users, municipality):
    stranger_case = CaseFactory(child__organisation=municipality)
    response = client_for(users[("own", "caseworker")]).get(f"/children/cases/{stranger_case.pk}/")
    assert response.status_code == 404
    leader = client_for(users[("own", "team_leader")]).get(f"/children/cases/{stranger_case.pk}/")
    assert leader.status_code == 200


def test_create_child_and_case(client_for, caseworker):
    response = client_for(caseworker).post(
        "/children/new/",
        {
            "first_name": "Alma", "last_name": "Eksempelsen", "birth_date": "2012-04-02",
            "case_number": "S-1", "address_postcode": "8000", "case_type": "first_placement",
            "aware_date": "2024-05-01",
        },
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/children/cases/{case.pk}/"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"birth_date": "2030-01-01"}, "Fødselsdatoen ligger i fremtiden"),
        ({"birth_date": "2006-01-01"}, "allerede fyldt 18 år"),
        ({"address_postcode": "0999"}, "0999 er ikke et dansk postnummer"),
        ({"first_name": ""}, "Udfyld fornavn"),
        ({"aware_date": ""}, "Skriv datoen"),
    ],
)
def test_create_child_bad_input(client_for, caseworker, change, message):
    data = {
        "first_name": "Alma", "last_name": "Eksempelsen", "birth_date": "2012-04-02",
        "case_number": "S-1", "address_postcode": "8000", "case_type": "first_placement",
        "aware_date": "2024-05-01", **change,
    }  # fmt: skip
    response = client_for(caseworker).post("/children/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Child.objects.exists()


def test_record_assessment_and_see_the_diff(client_for, caseworker, case):
    client = client_for(caseworker)
    data = {f"level_{d}": "moderate" for d in (
        "health", "development_behaviour", "schooling", "leisure_friendships", "safe_care",
        "stimulation_guidance", "relationships_support")}  # fmt: skip
    data.update({"obs-TOTAL_FORMS": "2", "obs-INITIAL_FORMS": "0", "need_tags": ["adhd"]})
    url = f"/children/cases/{case.pk}/assessment/"
    assert client.post(url, data | shown_version(client, url)).status_code == 302
    data["level_health"] = "high"
    data.update({"obs-0-source": "school", "obs-0-observed_on": "2024-05-30",
                 "obs-0-text": "Trives i frikvarteret"})  # fmt: skip
    assert client.post(url, data | shown_version(client, url)).status_code == 302
    assert Assessment.objects.filter(case=case).count() == 2
    html = client.get(f"/children/cases/{case.pk}/assessments/").content.decode()
    assert "Ændringer fra version 1 til 2" in html
    assert "Trives i frikvarteret" in html
    overview = client.get(f"/children/cases/{case.pk}/").content.decode()
    assert "<svg" in overview and "Sundhedsforhold: Høj." in overview


def test_observation_without_source_saves_nothing(client_for, caseworker, case):
    client, url = client_for(caseworker), f"/children/cases/{case.pk}/assessment/"
    data = {"obs-TOTAL_FORMS": "1", "obs-INITIAL_FORMS": "0", "obs-0-text": "Noget"}
    response = client.post(url, data | shown_version(client, url))
    assert response.status_code == 400
    assert "Vælg, hvem der har gjort observationen" in response.content.decode()
    assert not Assessment.objects.exists()


def test_htmx_panels_save_and_return_the_panel(client_for, caseworker, case):
    client = client_for(caseworker)
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = client.post(
        f"/children/cases/{case.pk}/wishes/",
        {"kind": "animals", "text": "En hund", "importance": "high"}, **htmx,
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "En hund" in body
    assert Wish.objects.filter(case=case).count() == 1
    response = client.post(
        f"/children/cases/{case.pk}/conversations/",
        {"kind": "conversation", "held_on": "2024-06-01", "present": "Sagsbehandler",
         "child_words": "Jeg vil bo med min bror"}, **htmx,
    )  # fmt: skip
    assert response.status_code == 200 and "Jeg vil bo med min bror" in response.content.decode()
    assert Conversation.objects.count() == 1


def test_sibling_split_without_reason_on_the_page(client_for, caseworker, case):
    response = client_for(caseworker).post(
        f"/children/cases/{case.pk}/people/",
        {"action": "sibling", "sibling-name": "Oskar", "sibling-birth_year": "2015"},
    )
    assert response.status_code == 400
    assert "Skriv begrundelsen for at adskille dem" in response.content.decode()
    assert not Sibling.objects.exists()


def test_unknown_postcode_for_a_person(client_for, caseworker, case):
    response = client_for(caseworker).post(
        f"/children/cases/{case.pk}/people/",
        {"action": "person", "person-kind": "network", "person-name": "Leif",
         "person-relation": "Morfar", "person-postcode": "9999"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "9999 er ikke et dansk postnummer" in response.content.decode()


def test_turning_18_warning_on_the_overview(client_for, caseworker, municipality):
    case = CaseFactory(
        child__organisation=municipality, child__birth_date=date(2006, 9, 1),
        intended_placement_date=date(2024, 10, 1), caseworkers=[caseworker],
    )  # fmt: skip
    html = client_for(caseworker).get(f"/children/cases/{case.pk}/").content.decode()
    assert "fylder 18 år den 01.09.2024" in html


def test_child_words_on_caseworker_pages_only(client_for, caseworker, case):
    ConversationFactory(case=case, organisation=case.organisation, child_words="Min hemmelige sten")
    html = client_for(caseworker).get(f"/children/cases/{case.pk}/conversations/").content.decode()
    assert "Min hemmelige sten" in html
