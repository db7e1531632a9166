# SPDX-License-Identifier: MPL-2.0
"""One-time submission keys: double submits, repeats after going back, freed keys, scopes."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from placematch.children.link_forms import CHILD_FORM
from placematch.children.models import Case, Conversation, RelatedPerson, Wish
from placematch.children.tests.factories import CaseFactory
from placematch.core.idempotency import FIELD
from placematch.core.models import SubmissionKey
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_issue

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


# Forms that create nothing, each with the reason; every other POST form must carry the key.
KEYLESS_FORMS = {
    ("accounts/login.html", "accounts:login"): "signs in",
    ("accounts/login_verify.html", ""): "checks a code",
    ("accounts/two_factor_setup.html", ""): "confirms the account's one device",
    ("children/assessment_form.html", ""): "an edit, guarded by its version",
    ("children/case_edit.html", ""): "an edit, guarded by its version",
    ("children/case_detail.html", "children:case_transition"): "a step of the course, by version",
    ("children/wish_edit.html", ""): "an edit, guarded by its version",
    ("providers/support_end.html", ""): "an edit, guarded by its version",
    ("followup/case.html", "followup:investigation_set"): "an edit, guarded by its version",
    ("followup/plan.html", ""): "a new version, guarded by the version it was built on",
    ("followup/includes/support.html", "followup:support_check_add"): "a new version, by version",
    ("includes/header.html", "accounts:logout"): "signs out",
    ("includes/language_switch.html", "set_language"): "sets a cookie",
    ("decisions/decision_detail.html", "decisions:decision_withdraw"): "a state change, once",
    ("decisions/decision_detail.html", "decisions:provisional_approve"): "an edit, by version",
    ("decisions/meeting.html", "decisions:meeting_hold_release"): "a state change, once",
    ("involvement/includes/links.html", "involvement:revoke"): "a state change, once",
    ("involvement/pin.html", ""): "checks a PIN",
    ("matching/inquiries/detail.html", "matching:inquiry_proceed"): "a state change, once",
    ("matching/inquiries/detail.html", "matching:inquiry_withdraw"): "a state change, once",
    ("matching/inquiries/provider_detail.html", "matching:provider_inquiry"): "one answer each",
    ("preparation/includes/placement_side.html", "done_url"): "marks an item done",
    ("preparation/mutual_yes.html", ""): "recorded once; the service refuses a second",
    ("preparation/plan.html", "preparation:meeting_held"): "marks a meeting held",
    ("preparation/plan.html", "preparation:checklist_done"): "marks an item done",
    ("preparation/plan.html", "preparation:move_date"): "an edit of the plan",
    ("api/tokens.html", "revoke_name"): "a state change, once",
    ("evaluation/export.html", ""): "a download; each one is logged, nothing is created",
}
FORM = re.compile(r'<form\b[^>]*method="post"[^>]*>.*?</form>', re.S)


def _post_forms() -> list[tuple[str, str, bool]]:
    found = []
    for path in sorted(Path(settings.BASE_DIR, "placematch").glob("*/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            action = re.search(r"action=\"\{% url '?([\w:]+)", match.group(0))
            name = path.as_posix().split("/templates/", 1)[1]
            found.append((name, action.group(1) if action else "", "submission_key" in match[0]))
    return found


def test_every_create_form_carries_a_submission_key():
    forms = _post_forms()
    assert len(forms) > 40
    missing = [(t, a) for t, a, has in forms if not has and (t, a) not in KEYLESS_FORMS]
    assert missing == [], "a POST form without {% submission_key %}: add it or list why not"
    keyed = {(t, a) for t, a, has in forms if has}
    assert not keyed & set(KEYLESS_FORMS), "a listed keyless form now has a key"


@pytest.mark.parametrize(
    "page",
    ["/children/new/", "/children/cases/{pk}/wishes/", "/children/cases/{pk}/people/",
     "/children/cases/{pk}/conversations/", "/matching/cases/{pk}/match/",
     "/decisions/cases/{pk}/meeting/new/", "/decisions/cases/{pk}/decide/",
     "/matching/cases/{pk}/inquiries/"],
)  # fmt: skip
def test_create_pages_render_a_fresh_key_in_their_forms(client_for, caseworker, case, page):
    client = client_for(caseworker)
    url = page.format(pk=case.pk)
    first = client.get(url)
    assert first.status_code == 200, url
    keys = re.findall(rf'name="{FIELD}" value="([^"]+)"', first.content.decode())
    again = re.findall(rf'name="{FIELD}" value="([^"]+)"', client.get(url).content.decode())
    assert keys and len(set(keys)) == len(keys) and not set(keys) & set(again)


def test_the_childs_link_form_saves_a_wish_once_and_keys_belong_to_the_link(caseworker, case):
    link, token = link_issue(actor=caseworker, form_key=CHILD_FORM, subject_id=str(case.child.pk))
    child = Client()
    assert child.get(f"/l/{token}/").status_code == 302
    page = child.get("/l/form/q-school/").content.decode()
    answer = {"text": "Blive på min skole", "importance": "high", FIELD: _key_of(page)}
    first = child.post("/l/form/q-school/", answer)
    second = child.post("/l/form/q-school/", answer)
    assert first["Location"] == second["Location"] == "/l/form/q-friends/"
    assert Wish.objects.filter(case=case, text="Blive på min skole").count() == 1
    assert SubmissionKey.objects.get().scope == f"link:{link.pk}"


def test_issuing_a_link_twice_with_one_key_makes_one_link_and_shows_the_token_once(
    client_for, caseworker, case
):
    client = client_for(caseworker)
    url = f"/l/issue/{CHILD_FORM}/{case.child.pk}/"
    data = {"recipient_label": "Barnet", "next": f"/children/cases/{case.pk}/", FIELD: KEY}
    first = client.post(url, data)
    assert first.status_code == 200 and "/l/" in first.content.decode()
    second = client.post(url, data)
    link = SecureLink.objects.get()
    assert second.status_code == 302
    assert second["Location"].startswith(f"/l/links/{link.pk}/?next=")
    # Sending a new link on purpose (a new key, the same content) replaces it as before.
    client.post(url, {**data, FIELD: "n" * 32})
    assert SecureLink.objects.count() == 2
