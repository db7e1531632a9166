# SPDX-License-Identifier: MPL-2.0
"""Non-disclosure (§ 105) as decisions on the case: scope, period, lifting, and the text check."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from placematch.children import disclosure, services_voice
from placematch.children.models import Case, NonDisclosure, ParentView, PersonKind
from placematch.children.services_disclosure import non_disclosure_decide, non_disclosure_lift
from placematch.children.tests.factories import CaseFactory, PersonFactory
from placematch.core.disclosure import identifiers
from placematch.core.models import ImmutableError
from placematch.core.tests.page_forms import form_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 3)
PLACE = identifiers(names=["Lærkereden"], towns=["Ry"], postcodes=["8680"])


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel("2024-06-03 09:00 +0200", tick=False):
        yield


@pytest.fixture(autouse=True)
def _place_of_the_case(monkeypatch):
    """Stands in for the apps above children that know the case's places."""
    monkeypatch.setitem(disclosure._terms, "test.place", lambda case: PLACE)


@pytest.fixture
def caseworker(users):
    return users[("own", "caseworker")]


@pytest.fixture
def case(users, municipality, caseworker):
    return CaseFactory(child__organisation=municipality, caseworkers=[caseworker])


@pytest.fixture
def people(case):
    child = case.child
    return {
        "mother": PersonFactory(child=child, kind=PersonKind.CUSTODY_HOLDER, relation="Mor"),
        "father": PersonFactory(child=child, kind=PersonKind.PARENT, relation="Far"),
        "uncle": PersonFactory(child=child, kind=PersonKind.NETWORK, relation="Morbror"),
    }


def decide(case, caseworker, **kwargs):
    values = {"decided_on": TODAY, "reason": "Risiko for bortførelse", **kwargs}
    return non_disclosure_decide(actor=caseworker, case=case, **values)


def test_a_decision_applies_to_exactly_the_people_it_names(case, caseworker, people):
    assert not disclosure.is_protected(case)
    decide(case, caseworker, persons=[people["father"]])
    assert Case.objects.get(pk=case.pk).non_disclosure is True
    assert disclosure.covers(case, people["father"])
    assert not disclosure.covers(case, people["mother"])
    assert not disclosure.covers(case, people["uncle"])


def test_both_parents_and_the_network_are_scopes_of_their_own(case, caseworker, people):
    decide(case, caseworker, all_parents=True)
    assert disclosure.covers(case, people["mother"]) and disclosure.covers(case, people["father"])
    assert not disclosure.covers(case, people["uncle"])
    decide(case, caseworker, network=True)
    assert disclosure.covers(case, people["uncle"])


def test_a_decision_ends_on_its_expiry_and_a_later_one_lifts_it(case, caseworker, people):
    first = decide(case, caseworker, all_parents=True, expires_on=TODAY + datetime.timedelta(9))
    assert disclosure.is_protected(case, TODAY + datetime.timedelta(9))
    assert not disclosure.is_protected(case, TODAY + datetime.timedelta(10))
    assert not disclosure.is_protected(case, TODAY - datetime.timedelta(1))
    lift = non_disclosure_lift(
        actor=caseworker, case=case, decision=first, decided_on=TODAY, reason="Faren er dømt"
    )
    assert lift.lifts == first and not disclosure.is_protected(case)
    assert Case.objects.get(pk=case.pk).non_disclosure is False
    # The old decision is kept as it was; it cannot be lifted twice or changed.
    with pytest.raises(ValidationError) as caught:
        non_disclosure_lift(actor=caseworker, case=case, decision=first, decided_on=TODAY,
                            reason="igen")  # fmt: skip
    assert "decision" in caught.value.message_dict
    first.reason = "ændret"
    with pytest.raises(ImmutableError):
        first.save()
    with pytest.raises(ImmutableError):
        first.delete()


def test_a_provisional_decision_lapses_on_day_8_without_the_committee(case, caseworker, people):
    decide(case, caseworker, all_parents=True, provisional=True)
    assert disclosure.is_protected(case, TODAY + datetime.timedelta(7))
    assert not disclosure.is_protected(case, TODAY + datetime.timedelta(8))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"all_parents": True, "decided_on": TODAY + datetime.timedelta(1)}, "decided_on"),
        ({"all_parents": True, "expires_on": TODAY - datetime.timedelta(1)}, "expires_on"),
        ({}, "persons"),
        ({"all_parents": True, "reason": "  "}, "reason"),
    ],
)
def test_a_bad_decision_is_refused_and_nothing_saved(case, caseworker, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        decide(case, caseworker, **kwargs)
    assert field in caught.value.message_dict
    assert not NonDisclosure.objects.exists() and not Case.objects.get(pk=case.pk).non_disclosure


def test_a_person_of_another_child_is_refused(case, caseworker, municipality):
    stranger = PersonFactory(child__organisation=municipality)
    with pytest.raises(ValidationError) as caught:
        decide(case, caseworker, persons=[stranger])
    assert "persons" in caught.value.message_dict


def test_a_text_naming_the_place_is_refused_only_under_non_disclosure(case, caseworker, people):
    disclosure.refuse_if_revealing(case, "Hun skal bo i Ry.", "reasons")  # not protected yet
    decide(case, caseworker, all_parents=True)
    with pytest.raises(ValidationError) as caught:
        disclosure.refuse_if_revealing(case, "Lærkeredens voksne i Ry er gode.", "reasons")
    message = caught.value.message_dict["reasons"][0]
    assert "“Lærkeredens”, “Ry”" in message and "§ 105" in message
    disclosure.refuse_if_revealing(case, "Han bryder sig ikke om Ryan.", "reasons")


def test_the_case_form_no_longer_switches_non_disclosure(client_for, case, caseworker, people):
    decide(case, caseworker, all_parents=True)
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/edit/"
    html = client.get(url).content.decode()
    assert 'name="non_disclosure"' not in html
    data = form_data(html)
    data.pop("non_disclosure", None)  # an unchecked box is simply left out
    data["safety_note"] = ["Far har truet"]
    response = client.post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.non_disclosure is True and case.safety_note == "Far har truet"


def test_a_view_recorded_for_a_parent_that_names_the_place_is_refused(
    client_for, case, caseworker, people
):
    decide(case, caseworker, all_parents=True)
    mother = people["mother"]
    with pytest.raises(ValidationError) as caught:
        services_voice.parent_view_save(
            actor=caseworker, case=case, person=mother, views="Glad for Lærkereden",
            worries="Langt til Ry",
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"views", "worries"}
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/parents/"
    data = form_data(client.get(url).content.decode())
    data[f"p{mother.pk}-views"] = ["Hun er glad for Lærkereden"]
    data["person"] = [str(mother.pk)]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "“Lærkereden”" in response.content.decode()
    assert not ParentView.objects.exists()


def test_the_parents_own_words_through_the_link_are_not_checked(case, caseworker, people):
    decide(case, caseworker, all_parents=True)
    view = services_voice.parent_view_save(
        actor=None, case=case, person=people["mother"], views="Jeg ved det er Lærkereden",
        source="link",
    )  # fmt: skip
    assert view.pk and disclosure.texts_to_rewrite(case) == []


def test_switching_on_lists_the_texts_to_rewrite_on_the_case(client_for, case, caseworker, people):
    services_voice.parent_view_save(
        actor=caseworker, case=case, person=people["father"], views="Far kender Lærkereden."
    )
    client = client_for(caseworker)
    response = client.post(
        f"/children/cases/{case.pk}/non-disclosure/",
        {"action": "decide", "decided_on": "2024-06-03", "all_parents": "on",
         "reason": "Risiko for bortførelse"},
    )  # fmt: skip
    assert response.status_code == 302
    listed = disclosure.texts_to_rewrite(case)
    assert [(r.text.field, r.words) for r in listed] == [("views", ["Lærkereden"])]
    page = client.get(f"/children/cases/{case.pk}/").content.decode()
    assert "Tekster til forældrene, der skal skrives om" in page and "“Lærkereden”" in page
    assert disclosure.link_paused(case, people["father"])
    assert not disclosure.link_paused(case, people["mother"])  # nothing of hers names it


def test_the_decision_page_refuses_bad_input_and_lifts(client_for, case, caseworker, people):
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/non-disclosure/"
    response = client.post(url, {"action": "decide", "decided_on": "2024-06-03", "reason": "x"})
    assert response.status_code == 400 and "Vælg, hvem" in response.content.decode()
    assert not NonDisclosure.objects.exists()
    decision = decide(case, caseworker, persons=[people["father"]])
    html = client.get(url).content.decode()
    assert "Gælder i dag" in html and people["father"].name in html
    response = client.post(url, {"action": "lift", "decision": str(decision.pk),
                                 "decided_on": "2024-06-02", "reason": "Ophævet"})  # fmt: skip
    assert response.status_code == 400 and disclosure.is_protected(case)
    response = client.post(url, {"action": "lift", "decision": str(decision.pk),
                                 "decided_on": "2024-06-03", "reason": "Ophævet"})  # fmt: skip
    assert response.status_code == 302 and not disclosure.is_protected(case)


def test_the_daily_refresh_ends_the_flag_of_a_lapsed_decision(case, caseworker, people):
    from django.core.management import call_command

    decide(case, caseworker, all_parents=True, provisional=True)
    call_command("non_disclosure_refresh")
    assert Case.objects.get(pk=case.pk).non_disclosure is True
    with time_machine.travel("2024-06-11 09:00 +0200", tick=False):
        call_command("non_disclosure_refresh")
        call_command("non_disclosure_refresh")  # twice is harmless
        case.refresh_from_db()
        assert case.non_disclosure is False and not disclosure.covers(case, people["mother"])


def test_a_flag_set_before_decisions_were_kept_still_covers_both_parents(case, people):
    Case.objects.filter(pk=case.pk).update(non_disclosure=True)
    case.refresh_from_db()
    assert disclosure.is_protected(case) and disclosure.covers(case, people["father"])
    assert not disclosure.covers(case, people["uncle"])
