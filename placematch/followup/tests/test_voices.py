# SPDX-License-Identifier: MPL-2.0
"""What the child, the parents and the placement say after the move, through secure links:
the questionnaire before a follow-up, the surveys, the child's wish before a visit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from placematch.children.deadlines import case_deadlines
from placematch.children.models import Case
from placematch.children.tests.test_link_forms import lix, visible_text
from placematch.core.postcodes import lookup
from placematch.followup import rules_voice
from placematch.followup.link_forms import FORMS, VISIT_FORM
from placematch.followup.models_voice import (
    Occasion,
    Respondent,
    VisitWish,
    VoiceAnswer,
)
from placematch.followup.services import visit_record
from placematch.followup.tests.conftest import a_plan
from placematch.involvement.models import SecureLink
from placematch.involvement.selectors import can_manage
from placematch.involvement.services import link_issue

pytestmark = pytest.mark.django_db

CHECK_CHILD = FORMS[(Occasion.CHECK, Respondent.CHILD)]
CHECK_PARENT = FORMS[(Occasion.CHECK, Respondent.PARENT)]
CHECK_PLACE = FORMS[(Occasion.CHECK, Respondent.PLACEMENT)]
SURVEY_CHILD = FORMS[(Occasion.SURVEY, Respondent.CHILD)]


def open_link(
    world: dict[str, Any], form_key: str, person_id: str = ""
) -> tuple[Client, SecureLink]:
    link, token = link_issue(
        actor=world["caseworker"], form_key=form_key, subject_id=str(world["child"].pk),
        person_id=person_id,
    )  # fmt: skip
    visitor = Client()
    assert visitor.get(f"/l/{token}/")["Location"] == "/l/form/"
    return visitor, link


def url(step: str) -> str:
    return f"/l/form/{step}/" if step else "/l/form/"


def child_answers(visitor: Client, count: int) -> None:
    for index in range(count):
        response = visitor.post(url(f"q-{index}"), {"rating": "good", "text": f"Svar {index}"})
        assert response.status_code == 302


def test_the_child_answers_one_question_per_screen_and_it_shows_beside_the_goals(
    placed, client_for
):
    a_plan(placed)
    visitor, link = open_link(placed, CHECK_CHILD)
    start = visitor.get(url("")).content.decode()
    assert "Hvordan går det?" in start and "4 korte spørgsmål" in start
    first = visitor.get(url("q-0")).content.decode()
    assert "Hvordan går det?" in first
    # No answer chosen: a clear message, and nothing is saved.
    response = visitor.post(url("q-0"), {"text": "Godt"})
    assert response.status_code == 400 and "Vælg et svar" in response.content.decode()
    visitor.post(url("q-0"), {"rating": "good", "text": "Jeg har fået en ven"})
    school = visitor.get(url("q-1")).content.decode()
    assert "Hvordan går det i skolen?" in school
    visitor.post(url("q-1"), {"rating": "bad", "text": "Matematik er svært"})
    # Skipping ahead to the end sends the child back to the question not answered.
    assert visitor.get(url("last"))["Location"] == url("q-2")
    visitor.post(url("q-2"), {"rating": "mixed"})
    assert not VoiceAnswer.objects.exists()
    response = visitor.post(url("last"), {"text": "Hunden er sød"})
    assert response["Location"] == url("done")
    answer = VoiceAnswer.objects.get()
    assert (answer.respondent, answer.occasion, answer.comment) == (
        "child",
        "check",
        "Hunden er sød",
    )
    assert answer.followup == placed["record"].followups.get()
    assert dict(answer.items.values_list("question", "rating")) == {
        "overall": "good", "goal:schooling": "bad", "goal:leisure_friendships": "mixed",
    }  # fmt: skip
    link.refresh_from_db()
    assert link.answered_at is not None
    # Answered once: the link now says there is nothing to answer.
    assert "Der er ikke noget at svare på nu" in visitor.get(url("q-0")).content.decode()
    page = client_for(placed["caseworker"]).get(f"/followup/followups/{answer.followup.pk}/")
    html = page.content.decode()
    assert "Matematik er svært" in html and "Hunden er sød" in html and "Ikke godt" in html


def test_a_parent_answers_every_question_on_one_page_and_bad_input_saves_nothing(placed):
    a_plan(placed)
    mother = placed["mother"]
    visitor, _link = open_link(placed, CHECK_PARENT, str(mother.pk))
    page = visitor.get(url("")).content.decode()
    assert "Hvordan går det for Vilja i skolen eller dagtilbuddet?" in page
    response = visitor.post(url(""), {"q0-rating": "good", "q1-rating": "superb"})
    html = response.content.decode()
    assert response.status_code == 400 and html.count("Vælg et svar") == 2
    long_text = "Det går godt. " * 150
    response = visitor.post(
        url(""),
        {"q0-rating": "good", "q1-rating": "good", "q2-rating": "mixed", "q2-text": long_text},
    )
    assert response.status_code == 400 and "Skriv højst 2000 tegn" in response.content.decode()
    assert long_text.strip()[:100] in response.content.decode()
    assert not VoiceAnswer.objects.exists()
    response = visitor.post(
        url(""), {"q0-rating": "good", "q1-rating": "good", "q2-rating": "mixed", "comment": "Tak"}
    )
    assert response["Location"] == url("done")
    answer = VoiceAnswer.objects.get()
    assert (answer.respondent, answer.person, answer.respondent_key) == (
        "parent", mother, f"parent-{mother.pk}",
    )  # fmt: skip


def test_the_placement_answers_by_link_and_all_three_appear_on_the_follow_up(placed, client_for):
    a_plan(placed)
    child, _link = open_link(placed, CHECK_CHILD)
    child_answers(child, 3)
    child.post(url("last"), {})
    mother, _link = open_link(placed, CHECK_PARENT, str(placed["mother"].pk))
    mother.post(url(""), {"q0-rating": "mixed", "q1-rating": "mixed", "q2-rating": "mixed"})
    place, _link = open_link(placed, CHECK_PLACE)
    response = place.post(
        url(""), {"q0-rating": "good", "q1-rating": "bad", "q1-text": "Hun mangler støtte i skolen",
                  "q2-rating": "good"},
    )  # fmt: skip
    assert response["Location"] == url("done")
    assert VoiceAnswer.objects.count() == 3
    followup = placed["record"].followups.get()
    html = (
        client_for(placed["caseworker"]).get(f"/followup/followups/{followup.pk}/").content.decode()
    )
    assert "Hanne Fiktivholm (Mor)" in html and "Anbringelsesstedet" in html
    assert "Hun mangler støtte i skolen" in html
    # Answered once: the placement's link has nothing more to ask before this follow-up.
    assert "Der er ikke noget at svare på nu" in place.get(url("")).content.decode()


def test_a_protected_parent_never_sees_the_place_or_its_area(placed):
    a_plan(placed)
    Case.objects.filter(pk=placed["case"].pk).update(non_disclosure=True)
    place = placed["place"]
    provider = place.provider
    secrets = {place.name, provider.name, provider.postcode}
    for code in (place.postcode, provider.postcode):
        found = lookup(code) if code else None
        if found is not None:
            secrets |= {found.code, found.name}
    secrets.discard("")
    mother = str(placed["mother"].pk)
    pages = {}
    for key in (CHECK_PARENT, FORMS[(Occasion.SURVEY, Respondent.PARENT)]):
        visitor, _link = open_link(placed, key, mother)
        pages[key] = visitor.get(url(""))
        pages[f"{key}-error"] = visitor.post(url(""), {})
    assert [r.status_code for r in pages.values()] == [200, 400, 200, 200]
    for name, response in pages.items():
        for secret in secrets:
            assert secret not in response.content.decode(), (name, secret)


def test_surveys_open_at_each_point_with_the_same_questions_and_join_the_deadlines(
    placed, client_for
):
    record = placed["record"]
    start = record.started_on
    case = Case.objects.get(pk=placed["case"].pk)
    survey = [d for d in case_deadlines(case, start) if d.code == "survey"]
    assert [d.due for d in survey] == [rules_voice.survey_points(start)[0].due]
    for month in (1, 3):
        day = rules_voice.survey_points(start)[rules_voice.SURVEY_MONTHS.index(month)].due
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False):
            visitor, _link = open_link(placed, SURVEY_CHILD)
            assert (
                "Hvordan er det at bo, hvor du bor nu?" in visitor.get(url("q-0")).content.decode()
            )
            child_answers(visitor, 6)
            assert visitor.post(url("last"), {"text": f"Efter {month} md."})["Location"] == url(
                "done"
            )
            assert "Der er ikke noget at svare på nu" in visitor.get(url("")).content.decode()
            due = [d.label for d in case_deadlines(case, day) if d.code == "survey"]
            assert due == [f"Spørgeskema {6 if month == 3 else 3} måneder efter starten"]
    answers = VoiceAnswer.objects.filter(occasion="survey").order_by("survey_month")
    assert [a.survey_month for a in answers] == [1, 3]
    assert {tuple(a.items.values_list("question", flat=True)) for a in answers} == {
        ("home", "adults", "school", "friends", "family", "heard")
    }
    html = client_for(placed["caseworker"]).get(f"/followup/cases/{case.pk}/").content.decode()
    assert "Efter 3 md." in html and html.count("<td>Godt</td>") == 12
    # Between the points (the 6-month point closed, 12 not yet open) nothing is taken.
    closed = rules_voice.survey_points(start)[2].closes
    with time_machine.travel(datetime.datetime.combine(closed, datetime.time(12)), tick=False):
        visitor, _link = open_link(placed, SURVEY_CHILD)
        assert "Der er ikke noget at svare på nu" in visitor.get(url("q-0")).content.decode()
        visitor.post(url("q-0"), {"rating": "good"})
    assert VoiceAnswer.objects.filter(occasion="survey").count() == 2


def test_the_child_says_before_a_visit_what_to_talk_about_alone_and_the_visit_shows_it(
    placed, client_for
):
    visitor, _link = open_link(placed, VISIT_FORM)
    page = visitor.get(url("")).content.decode()
    assert "Er der noget, du vil tale om alene?" in page
    response = visitor.post(url(""), {"text": "Om min mor"})
    assert response.status_code == 400 and "Vælg ja eller nej" in response.content.decode()
    assert not VisitWish.objects.exists()
    assert visitor.post(url(""), {"wants_to_talk": "yes", "text": "Om min mor"})["Location"] == url(
        "done"
    )
    assert "Du har allerede svaret" in visitor.get(url("")).content.decode()
    caseworker = client_for(placed["caseworker"])
    record = placed["record"]
    assert "Om min mor" in caseworker.get(f"/followup/cases/{record.case_id}/").content.decode()
    visit = visit_record(
        actor=placed["caseworker"], record=record, visited_on=timezone.localdate(),
        present="Vilja og sagsbehandler", talked_alone=True,
    )  # fmt: skip
    assert VisitWish.objects.get().visit == visit
    # After the visit the child can answer again before the next one.
    assert "Er der noget, du vil tale om alene?" in visitor.get(url("")).content.decode()
    # The placement's staff never reach the case tab where it shows.
    staff = client_for(placed["staff"])
    assert staff.get(f"/followup/cases/{record.case_id}/").status_code == 404
    # Only the child's own caseworkers manage the links; the placement's staff and another
    # municipality do not.
    child_id = str(placed["child"].pk)
    users = placed["users"]
    for key in [*FORMS.values(), VISIT_FORM]:
        assert can_manage(users[("own", "caseworker")], key, child_id)
        assert not can_manage(users[("other", "team_leader")], key, child_id)
        assert not can_manage(users[("provider", "provider_staff")], key, child_id)


def test_child_pages_read_at_lix_25_and_adult_pages_at_35(placed):
    a_plan(placed)
    pages: dict[str, str] = {}
    visitor, _link = open_link(placed, CHECK_CHILD)
    for step in ("", "q-0", "q-1", "q-2"):
        pages[f"child-{step}"] = visible_text(visitor.get(url(step)).content.decode())
    pages["child-error"] = visible_text(visitor.post(url("q-0"), {}).content.decode())
    child_answers(visitor, 3)
    pages["child-last"] = visible_text(visitor.get(url("last")).content.decode())
    visitor.post(url("last"), {})
    pages["child-done"] = visible_text(visitor.get(url("done")).content.decode())
    pages["child-nothing"] = visible_text(visitor.get(url("")).content.decode())
    visitor, _link = open_link(placed, VISIT_FORM)
    pages["visit"] = visible_text(visitor.get(url("")).content.decode())
    pages["visit-error"] = visible_text(visitor.post(url(""), {}).content.decode())
    visitor.post(url(""), {"wants_to_talk": "no"})
    pages["visit-done"] = visible_text(visitor.get(url("done")).content.decode())
    with time_machine.travel(rules_voice.survey_points(placed["record"].started_on)[0].due):
        visitor, _link = open_link(placed, SURVEY_CHILD)
        for step in ("", "q-0", "q-1", "q-2", "q-3", "q-4", "q-5"):
            pages[f"survey-{step}"] = visible_text(visitor.get(url(step)).content.decode())
        adult: dict[str, str] = {}
        for key in (CHECK_PARENT, FORMS[(Occasion.SURVEY, Respondent.PARENT)]):
            parent, _link = open_link(placed, key, str(placed["mother"].pk))
            adult[key] = visible_text(parent.get(url("")).content.decode())
            adult[f"{key}-error"] = visible_text(parent.post(url(""), {}).content.decode())
    too_hard = {k: round(lix(t), 1) for k, t in pages.items() if lix(t) > 25}
    assert too_hard == {}, too_hard
    too_hard = {k: round(lix(t), 1) for k, t in adult.items() if lix(t) > 35}
    assert too_hard == {}, too_hard
