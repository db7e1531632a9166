# SPDX-License-Identifier: MPL-2.0
"""One-time submission keys: double submits, repeats after going back, freed keys, scopes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from placematch.children.models import Case, Conversation, RelatedPerson, Wish
from placematch.children.tests.factories import CaseFactory
from placematch.core.idempotency import FIELD
from placematch.core.models import SubmissionKey

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
WISH = {"kind": "animals", "text": "En hund", "importance": "high"}
KEY = "k" * 32
NOTICE = "Det er allerede gemt."


@pytest.fixture
def case(caseworker, municipality) -> Case:
    return CaseFactory(child__organisation=municipality, caseworkers=[caseworker])


def _key_of(body: str) -> str:
    found = re.findall(rf'name="{FIELD}" value="([^"]+)"', body)
    assert len(found) == 1, found
    return found[0]


def test_a_double_submit_saves_one_wish_and_answers_both_with_the_same_redirect(
    client_for, caseworker, case
):
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/wishes/"
    key = _key_of(client.get(url).content.decode())
    first = client.post(url, {**WISH, FIELD: key})
    second = client.post(url, {**WISH, FIELD: key}, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain == [(first["Location"], 302)]
    assert NOTICE in second.content.decode()
    assert Wish.objects.filter(case=case).count() == 1


def test_an_htmx_double_submit_returns_the_same_panel_with_a_notice(client_for, caseworker, case):
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/conversations/"
    data = {"kind": "conversation", "held_on": "2024-06-01", "present": "Sagsbehandler",
            "child_words": "Jeg vil bo med min bror", FIELD: KEY}  # fmt: skip
    first = client.post(url, data, **HTMX)
    second = client.post(url, data, **HTMX)
    assert first.status_code == second.status_code == 200
    body = second.content.decode()
    assert "<html" not in body and body.lstrip().startswith('<div id="panel"')
    assert NOTICE in body and "Jeg vil bo med min bror" in body
    assert NOTICE not in first.content.decode()
    assert Conversation.objects.count() == 1
    # The panel after a save carries a fresh key, so the next conversation is a new one.
    assert _key_of(body) != KEY and _key_of(first.content.decode()) != KEY


def test_a_failed_submission_frees_its_key_for_the_corrected_form(client_for, caseworker, case):
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/wishes/"
    failed = client.post(url, {**WISH, "text": "", FIELD: KEY})
    assert failed.status_code == 400 and not Wish.objects.exists()
    assert not SubmissionKey.objects.exists()
    client.post(url, {**WISH, FIELD: KEY})
    client.post(url, {**WISH, FIELD: KEY})
    assert Wish.objects.filter(case=case).count() == 1


def test_a_failed_htmx_submission_frees_its_key_too(client_for, caseworker, case):
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/wishes/"
    failed = client.post(url, {**WISH, "importance": "", FIELD: KEY}, **HTMX)
    assert failed.status_code == 200 and NOTICE not in failed.content.decode()
    saved = client.post(url, {**WISH, FIELD: KEY}, **HTMX)
    assert NOTICE not in saved.content.decode()
    assert Wish.objects.filter(case=case).count() == 1


def test_the_same_content_with_a_new_key_is_a_repeat_within_ten_minutes(
    client_for, caseworker, case
):
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/wishes/"
    client.post(url, {**WISH, FIELD: "a" * 32})
    # Going back fetches the form again: a new key, the same (re-typed) content.
    again = client.post(url, {**WISH, "text": "  En   hund ", FIELD: "b" * 32}, follow=True)
    assert NOTICE in again.content.decode()
    assert Wish.objects.filter(case=case).count() == 1
    client.post(url, {**WISH, "text": "En kat", FIELD: "c" * 32})
    assert Wish.objects.filter(case=case).count() == 2
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        client.post(url, {**WISH, FIELD: "d" * 32})
    assert Wish.objects.filter(case=case).count() == 3


def test_keys_belong_to_one_user(client_for, users, caseworker, case):
    colleague = users[("own", "team_leader")]
    url = f"/children/cases/{case.pk}/wishes/"
    client_for(caseworker).post(url, {**WISH, FIELD: KEY})
    client_for(colleague).post(url, {**WISH, FIELD: KEY})
    assert Wish.objects.filter(case=case).count() == 2


def test_a_key_posted_to_another_form_or_malformed_is_refused(client_for, caseworker, case):
    client = client_for(caseworker)
    client.post(f"/children/cases/{case.pk}/wishes/", {**WISH, FIELD: KEY})
    person = {"action": "person", "person-kind": "network", "person-name": "Bo Hansen",
              "person-relation": "Morbror", FIELD: KEY}  # fmt: skip
    other = client.post(f"/children/cases/{case.pk}/people/", person)
    assert other.status_code == 400
    bad = client.post(f"/children/cases/{case.pk}/wishes/", {**WISH, FIELD: "x' or 1=1"})
    assert bad.status_code == 400
    assert Wish.objects.count() == 1
    assert not RelatedPerson.objects.filter(name="Bo Hansen").exists()


def test_expired_keys_are_pruned_and_a_key_is_new_again_after_a_day(client_for, caseworker, case):
    client = client_for(caseworker)
    url = f"/children/cases/{case.pk}/wishes/"
    client.post(url, {**WISH, FIELD: KEY})
    later = timezone.now() + timedelta(hours=25)
    with time_machine.travel(later):
        client = client_for(caseworker)  # the first session has expired
        client.post(url, {**WISH, "text": "En kat", FIELD: "e" * 32})
        call_command("prune_submission_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert list(SubmissionKey.objects.values_list("key", flat=True)) == ["e" * 32]
        client.post(url, {**WISH, FIELD: KEY})
    assert Wish.objects.filter(case=case).count() == 3
