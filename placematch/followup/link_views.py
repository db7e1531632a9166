# SPDX-License-Identifier: MPL-2.0
"""The pages a child, a parent or the placement opens through a secure link after the move.

The child gets one question per screen (the answers wait in the link's session until the last
screen sends them, so a half-answered questionnaire saves nothing); a parent and the placement
get every question on one page. The pages name the child by first name and the follow-up or
survey by its date only: never the place, its area or anyone from it, so a parent of a protected
case (§ 105) learns nothing about where the child lives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from placematch.children.link_views import step_url
from placematch.children.models import Child, RelatedPerson
from placematch.children.selectors import parents_of
from placematch.core.inputs import parse_id
from placematch.followup import questions, services_voice
from placematch.followup.models import FollowUp, PlacementRecord
from placematch.followup.models_voice import Occasion, Respondent, VoiceRating
from placematch.followup.questions import Question
from placematch.followup.rules_voice import SurveyPoint
from placematch.followup.services_voice import ItemInput
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_mark_answered

View = Callable[[HttpRequest, SecureLink, str], HttpResponse]
QUESTION_STEP = re.compile(r"^q-([0-9]{1,2})$")
# The child's answers wait here between the one-question screens.
SESSION = "followup_voice"


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"followup/link/{template}", context, status=status)


def _child(link: SecureLink) -> Child:
    """The link's child, still in the municipality that made the link; else 404."""
    child = Child.objects.filter(
        pk=int(link.subject_id), organisation_id=link.organisation_id
    ).first()
    if child is None:
        raise Http404
    return child


def _parent(link: SecureLink, child: Child) -> RelatedPerson:
    pk = parse_id(link.person_id)
    person = None if pk is None else parents_of(child).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def _open(record: PlacementRecord | None, occasion: str, key: str) -> FollowUp | SurveyPoint | None:
    if record is None:
        return None
    if occasion == Occasion.CHECK:
        return services_voice.check_to_answer(record, key)
    return services_voice.survey_to_answer(record, key)


def questions_for(
    record: PlacementRecord, occasion: str, respondent: str, name: str
) -> list[Question]:
    if occasion == Occasion.CHECK:
        dimensions = services_voice.check_dimensions(record)
        return questions.check_questions(respondent, dimensions, name)
    return questions.survey_questions(respondent, name)


def _token(target: FollowUp | SurveyPoint) -> str:
    return f"f{target.pk}" if isinstance(target, FollowUp) else f"s{target.month}"


def questionnaire(occasion: str, respondent: str) -> View:
    """The view of one form: the questionnaire before a follow-up or the survey, for one
    kind of respondent."""

    def view(request: HttpRequest, link: SecureLink, step: str) -> HttpResponse:
        child = _child(link)
        person = _parent(link, child) if respondent == Respondent.PARENT else None
        record = services_voice.current_record(child)
        key = services_voice.respondent_key(respondent, person)
        target = _open(record, occasion, key)
        base: dict[str, Any] = {
            "first_name": child.first_name, "respondent": respondent, "occasion": occasion,
            "is_child": respondent == Respondent.CHILD, "target": target,
            "is_check": occasion == Occasion.CHECK,
        }  # fmt: skip
        if step == "done":
            return _page(request, "done.html", base)
        if record is None or target is None:
            if step not in ("", "last") and not QUESTION_STEP.match(step):
                raise Http404
            return _page(request, "nothing.html", base)
        found = questions_for(record, occasion, respondent, child.first_name)
        save = _saver(request, link, record, occasion, respondent, person)
        if respondent != Respondent.CHILD:
            if step != "":
                raise Http404
            return _adult(request, found, save, base)
        return _child_step(request, step, _token(target), found, save, base)

    return view


Saver = Callable[[list[ItemInput], str], None]


def _saver(
    request: HttpRequest,
    link: SecureLink,
    record: PlacementRecord,
    occasion: str,
    respondent: str,
    person: RelatedPerson | None,
) -> Saver:
    def save(items: list[ItemInput], comment: str) -> None:
        services_voice.voice_save(
            record=record, occasion=occasion, respondent=respondent, person=person,
            items=items, comment=comment, request=request,
        )  # fmt: skip
        link_mark_answered(link=link, request=request)

    return save


def _messages(error: ValidationError) -> dict[str, str]:
    if hasattr(error, "error_dict"):
        return {name: messages[0] for name, messages in error.message_dict.items()}
    return {"__all__": error.messages[0]}


# -- the child: one question per screen ----------------------------------------------------


def _child_step(
    request: HttpRequest,
    step: str,
    token: str,
    found: list[Question],
    save: Saver,
    base: dict[str, Any],
) -> HttpResponse:
    kept = request.session.get(SESSION) or {}
    if kept.get("token") != token:
        kept = {"token": token, "answers": {}}
    answers: dict[str, list[str]] = kept["answers"]
    base["total"] = len(found) + 1
    if step == "":
        return _page(request, "child_start.html", {**base, "start_url": step_url("q-0")})
    if step == "last":
        return _child_last(request, found, answers, save, base)
    match = QUESTION_STEP.match(step)
    if match is None or int(match.group(1)) >= len(found):
        raise Http404
    index = int(match.group(1))
    question = found[index]
    rating, text = answers.get(question.code, ["", ""])
    error = ""
    if request.method == "POST":
        rating = request.POST.get("rating", "")
        text = request.POST.get("text", "").strip()
        if rating not in VoiceRating.values:
            error = _("Choose one answer.")
        elif len(text) > services_voice.TEXT_MAX:
            error = services_voice.too_long()
        else:
            answers[question.code] = [rating, text]
            request.session[SESSION] = kept
            following = f"q-{index + 1}" if index + 1 < len(found) else "last"
            return redirect(step_url(following))
    context = {
        **base, "question": question, "number": index + 1, "rating": rating, "text": text,
        "error": error, "choices": VoiceRating.choices,
        "back_url": step_url(f"q-{index - 1}" if index else ""),
    }  # fmt: skip
    return _page(request, "child_question.html", context, 400 if error else 200)


def _child_last(
    request: HttpRequest,
    found: list[Question],
    answers: dict[str, list[str]],
    save: Saver,
    base: dict[str, Any],
) -> HttpResponse:
    missing = [i for i, q in enumerate(found) if q.code not in answers]
    if missing:
        return redirect(step_url(f"q-{missing[0]}"))
    error = ""
    text = request.POST.get("text", "").strip() if request.method == "POST" else ""
    if request.method == "POST":
        items = [ItemInput(q.code, *answers[q.code]) for q in found]
        try:
            save(items, text)
        except ValidationError as problem:
            error = next(iter(_messages(problem).values()))
        else:
            request.session.pop(SESSION, None)
            return redirect(step_url("done"))
    context = {
        **base, "number": len(found) + 1, "text": text, "error": error,
        "back_url": step_url(f"q-{len(found) - 1}"),
    }  # fmt: skip
    return _page(request, "child_last.html", context, 400 if error else 200)


# -- a parent and the placement: every question on one page ----------------------------------


def _adult(
    request: HttpRequest, found: list[Question], save: Saver, base: dict[str, Any]
) -> HttpResponse:
    errors: dict[str, str] = {}
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        items = [
            ItemInput(q.code, posted.get(f"q{i}-rating", ""), posted.get(f"q{i}-text", ""))
            for i, q in enumerate(found)
        ]
        try:
            save(items, posted.get("comment", ""))
        except ValidationError as problem:
            errors = _messages(problem)
        else:
            return redirect(step_url("done"))
    rows = [
        {
            "index": i, "question": q, "error": errors.get(q.code, ""),
            "rating": posted.get(f"q{i}-rating", ""), "text": posted.get(f"q{i}-text", ""),
        }
        for i, q in enumerate(found)
    ]  # fmt: skip
    context = {
        **base, "rows": rows, "errors": errors, "choices": VoiceRating.choices,
        "comment": posted.get("comment", ""), "comment_error": errors.get("comment", ""),
        "general_error": errors.get("__all__", ""),
    }  # fmt: skip
    return _page(request, "adult_form.html", context, 400 if errors else 200)


# -- the child before a supervision visit ----------------------------------------------------


def visit_wish(request: HttpRequest, link: SecureLink, step: str) -> HttpResponse:
    child = _child(link)
    record = services_voice.current_record(child)
    base: dict[str, Any] = {"first_name": child.first_name}
    if step == "done":
        return _page(request, "visit_done.html", base)
    if step != "":
        raise Http404
    if record is None:
        return _page(request, "nothing.html", {**base, "is_child": True})
    if services_voice.wish_waiting(record) is not None:
        return _page(request, "visit_done.html", {**base, "already": True})
    errors: dict[str, str] = {}
    choice = request.POST.get("wants_to_talk", "") if request.method == "POST" else ""
    text = request.POST.get("text", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            services_voice.visit_wish_save(
                record=record, wants_to_talk=choice, text=text, request=request
            )
        except ValidationError as problem:
            errors = _messages(problem)
        else:
            link_mark_answered(link=link, request=request)
            return redirect(step_url("done"))
    context = {**base, "errors": errors, "choice": choice, "text": text}
    return _page(request, "visit.html", context, 400 if errors else 200)
