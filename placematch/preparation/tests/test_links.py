# SPDX-License-Identifier: MPL-2.0
"""The feedback links after a meeting: answers, bad input, expiry, plain Danish, § 105."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from placematch.children.tests.test_link_forms import lix, visible_text
from placematch.core.postcodes import lookup
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_issue
from placematch.preparation.link_forms import CHILD_FEEDBACK, PARENT_FEEDBACK, can_manage
from placematch.preparation.models import MeetingFeedback, Step
from placematch.preparation.tests.conftest import held_meeting

pytestmark = pytest.mark.django_db


def open_link(world, form_key: str, person_id: str = "") -> tuple[Client, SecureLink]:
    link, token = link_issue(
        actor=world["caseworker"], form_key=form_key, subject_id=str(world["child"].pk),
        person_id=person_id,
    )  # fmt: skip
    visitor = Client()
    response = visitor.get(f"/l/{token}/")
    assert response.status_code == 302 and response["Location"] == "/l/form/"
    return visitor, link


def url(step: str) -> str:
    return f"/l/form/{step}/" if step else "/l/form/"


def test_the_child_answers_two_questions_one_per_screen(decided, plan):
    meeting = held_meeting(decided, plan)
    visitor, link = open_link(decided, CHILD_FEEDBACK)
    start = visitor.get(url("")).content.decode()
    assert "Hvordan var mødet?" in start and url(f"rate-{meeting.pk}") in start
    # No choice: a clear message, nothing saved.
    response = visitor.post(url(f"rate-{meeting.pk}"), {})
    assert response.status_code == 400 and "Vælg et svar" in response.content.decode()
    response = visitor.post(url(f"rate-{meeting.pk}"), {"rating": "good"})
    assert response["Location"] == url(f"say-{meeting.pk}")
    assert not MeetingFeedback.objects.exists()
    response = visitor.post(url(f"say-{meeting.pk}"), {"text": "Hunden var sød"})
    assert response["Location"] == url("done")
    feedback = MeetingFeedback.objects.get()
    assert (feedback.respondent, feedback.rating, feedback.comment) == (
        "child",
        "good",
        "Hunden var sød",
    )
    link.refresh_from_db()
    assert link.answered_at is not None
    # The same meeting again: told kindly, nothing more is saved.
    again = visitor.get(url(f"rate-{meeting.pk}"))
    assert "Du har allerede svaret" in again.content.decode()
    visitor.post(url(f"say-{meeting.pk}"), {"text": "Igen"})
    assert MeetingFeedback.objects.count() == 1


def test_a_parent_answers_and_the_caseworker_sees_it(decided, plan, client_for):
    meeting = held_meeting(decided, plan)
    mother = decided["mother"]
    visitor, _link = open_link(decided, PARENT_FEEDBACK, str(mother.pk))
    response = visitor.post(url(f"m-{meeting.pk}"), {"text": "Uden svar"})
    assert response.status_code == 400 and "Vælg, hvordan mødet var" in response.content.decode()
    assert not MeetingFeedback.objects.exists()
    response = visitor.post(url(f"m-{meeting.pk}"), {"rating": "mixed", "text": "Lidt kort"})
    assert response["Location"] == url("done")
    assert MeetingFeedback.objects.get().person == mother
    page = client_for(decided["caseworker"]).get(f"/preparation/cases/{decided['case'].pk}/")
    html = page.content.decode()
    assert "Både godt og skidt" in html and "Lidt kort" in html


def test_a_comment_over_the_limit_is_refused_and_kept_never_cut(decided, plan):
    meeting = held_meeting(decided, plan)
    visitor, _link = open_link(decided, CHILD_FEEDBACK)
    visitor.post(url(f"rate-{meeting.pk}"), {"rating": "good"})
    long_text = "Hunden var sød. " * 130  # 2,080 characters
    response = visitor.post(url(f"say-{meeting.pk}"), {"text": long_text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Din tekst er for lang. Skriv højst 2000 tegn." in page
    assert long_text.strip()[:200] in page
    assert not MeetingFeedback.objects.exists()
    mother = decided["mother"]
    visitor, _link = open_link(decided, PARENT_FEEDBACK, str(mother.pk))
    response = visitor.post(url(f"m-{meeting.pk}"), {"rating": "good", "text": long_text})
    assert response.status_code == 400 and "Skriv højst 2000 tegn" in response.content.decode()
    assert not MeetingFeedback.objects.exists()


def test_feedback_only_on_meetings_the_person_took_part_in(decided, plan):
    meeting = held_meeting(decided, plan, parents=[])
    father = decided["father"]
    visitor, _link = open_link(decided, PARENT_FEEDBACK, str(father.pk))
    assert "Der er ikke noget at svare på nu" in visitor.get(url("")).content.decode()
    response = visitor.post(url(f"m-{meeting.pk}"), {"rating": "good"})
    assert response.status_code == 404
    assert not MeetingFeedback.objects.exists()


def test_a_planned_meeting_is_not_asked_about(decided, plan):
    from placematch.preparation.services import meeting_add

    meeting = meeting_add(
        actor=decided["caseworker"], plan=plan, step=Step.FIRST_MEETING,
        meeting_on=timezone.localdate(),
    )  # fmt: skip
    visitor, _link = open_link(decided, CHILD_FEEDBACK)
    assert visitor.post(url(f"rate-{meeting.pk}"), {"rating": "good"}).status_code == 404


def test_feedback_from_an_expired_link_saves_nothing(decided, plan):
    meeting = held_meeting(decided, plan)
    mother = decided["mother"]
    link, token = link_issue(
        actor=decided["caseworker"], form_key=PARENT_FEEDBACK, subject_id=str(decided["child"].pk),
        person_id=str(mother.pk), valid_days=1,
    )  # fmt: skip
    visitor = Client()
    with time_machine.travel(link.expires_at - datetime.timedelta(minutes=5), tick=False):
        visitor.get(f"/l/{token}/")
        assert visitor.get(url(f"m-{meeting.pk}")).status_code == 200
    # The parent sends the answer a minute after the link ran out.
    with time_machine.travel(link.expires_at + datetime.timedelta(minutes=1), tick=False):
        response = visitor.post(url(f"m-{meeting.pk}"), {"rating": "bad", "text": "For sent"})
    assert response.status_code == 410
    assert "Linket er for gammelt" in response.content.decode()
    assert not MeetingFeedback.objects.exists()


def test_a_protected_parent_never_sees_the_place_or_its_area(decided, plan):
    case = decided["case"]
    case.non_disclosure = True
    case.save()
    meeting = held_meeting(decided, plan, Step.FIRST_MEETING)
    held_meeting(decided, plan, Step.MATCH_INTERVIEW)
    place = decided["place"]
    provider = place.provider
    secrets = {place.name, provider.name, provider.postcode}
    for code in (place.postcode, provider.postcode):
        found = lookup(code) if code else None
        if found is not None:
            secrets |= {found.code, found.name}
    secrets.discard("")
    mother = decided["mother"]
    visitor, _link = open_link(decided, PARENT_FEEDBACK, str(mother.pk))
    pages = {step: visitor.get(url(step)) for step in ("", f"m-{meeting.pk}")}
    pages["error"] = visitor.post(url(f"m-{meeting.pk}"), {})
    visitor.post(url(f"m-{meeting.pk}"), {"rating": "good"})
    pages["done"] = visitor.get(url("done"))
    pages["answered"] = visitor.get(url(f"m-{meeting.pk}"))
    assert [r.status_code for r in pages.values()] == [200, 200, 400, 200, 200]
    for step, response in pages.items():
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (step, secret)


def _pages(visitor: Client, steps: list[str]) -> dict[str, str]:
    return {s: visible_text(visitor.get(url(s)).content.decode()) for s in steps}


def test_child_pages_read_at_lix_25_and_parent_pages_at_35(decided, plan):
    first = held_meeting(decided, plan, Step.FIRST_MEETING)
    held_meeting(decided, plan, Step.MATCH_INTERVIEW)
    child, _link = open_link(decided, CHILD_FEEDBACK)
    child_pages = _pages(child, ["", f"rate-{first.pk}"])
    child_pages["rate-error"] = visible_text(
        child.post(url(f"rate-{first.pk}"), {}).content.decode()
    )
    child.post(url(f"rate-{first.pk}"), {"rating": "bad"})
    child_pages.update(_pages(child, [f"say-{first.pk}"]))
    child.post(url(f"say-{first.pk}"), {"text": ""})
    child_pages.update(_pages(child, ["done"]))
    child_pages["answered"] = visible_text(child.get(url(f"rate-{first.pk}")).content.decode())
    mother = decided["mother"]
    parent, _link = open_link(decided, PARENT_FEEDBACK, str(mother.pk))
    parent_pages = _pages(parent, ["", f"m-{first.pk}"])
    error = parent.post(url(f"m-{first.pk}"), {})
    parent_pages["error"] = visible_text(error.content.decode())
    parent.post(url(f"m-{first.pk}"), {"rating": "good"})
    parent_pages.update(_pages(parent, ["done"]))
    parent_pages["answered"] = visible_text(parent.get(url(f"m-{first.pk}")).content.decode())
    assert len(child_pages) == 6 and len(parent_pages) == 5
    too_hard = {k: round(lix(t), 1) for k, t in child_pages.items() if lix(t) > 25}
    assert too_hard == {}, too_hard
    too_hard = {k: round(lix(t), 1) for k, t in parent_pages.items() if lix(t) > 35}
    assert too_hard == {}, too_hard


def test_only_the_childs_caseworkers_manage_the_links(decided, users):
    child_id = str(decided["child"].pk)
    assert can_manage(users[("own", "caseworker")], child_id)
    assert not can_manage(users[("other", "team_leader")], child_id)
    assert not can_manage(users[("provider", "provider_staff")], child_id)
