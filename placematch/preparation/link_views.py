# SPDX-License-Identifier: MPL-2.0
"""The feedback pages a child or parent opens through a secure link after a meeting.

They name the meeting by its date only: never the place, its area or anyone from it, so a
parent of a protected case (§ 105) learns nothing about where the child is to live.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from placematch.children.link_views import step_url
from placematch.children.models import Child, RelatedPerson
from placematch.children.selectors import parents_of
from placematch.core.inputs import parse_id
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_mark_answered
from placematch.preparation.models import PreparationMeeting, Rating
from placematch.preparation.services_voice import feedback_save, meetings_to_answer

STEP = re.compile(r"^(rate|say|m)-([0-9]{1,12})$")
# The child's rating waits here between its two one-question screens.
SESSION_RATING = "preparation_feedback_rating"


def _child(link: SecureLink) -> Child:
    """The link's child, still in the municipality that made the link; else 404."""
    child = Child.objects.filter(
        pk=int(link.subject_id), organisation_id=link.organisation_id
    ).first()
    if child is None:
        raise Http404
    return child


def _meeting(child: Child, person: RelatedPerson | None, pk: str) -> PreparationMeeting:
    """A held meeting of this child that the respondent took part in; else 404."""
    meetings = PreparationMeeting.objects.filter(pk=int(pk), plan__case__child=child, held=True)
    meetings = meetings.filter(parents=person) if person else meetings.filter(child_present=True)
    meeting = meetings.first()
    if meeting is None:
        raise Http404
    return meeting


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"preparation/link/{template}", context, status=status)


def _answered(meeting: PreparationMeeting, person: RelatedPerson | None) -> bool:
    child = meeting.plan.case.child
    return not meetings_to_answer(child, person).filter(pk=meeting.pk).exists()


# -- the child: one question per screen ----------------------------------------------------


def child_feedback(request: HttpRequest, link: SecureLink, step: str) -> HttpResponse:
    child = _child(link)
    waiting = list(meetings_to_answer(child, None))
    base: dict[str, Any] = {"child": child, "waiting": waiting}
    if step in ("", "done"):
        if step == "" and waiting:
            base["start_url"] = step_url(f"rate-{waiting[0].pk}")
        return _page(request, "child_start.html" if step == "" else "child_done.html", base)
    match = STEP.match(step)
    if match is None or match.group(1) == "m":
        raise Http404
    meeting = _meeting(child, None, match.group(2))
    base["meeting"] = meeting
    if _answered(meeting, None):
        return _page(request, "answered.html", base)
    if match.group(1) == "rate":
        return _child_rate(request, meeting, base)
    return _child_say(request, link, meeting, base)


def _child_rate(
    request: HttpRequest, meeting: PreparationMeeting, base: dict[str, Any]
) -> HttpResponse:
    error = ""
    rating = request.POST.get("rating", "") if request.method == "POST" else ""
    if request.method == "POST":
        if rating in Rating.values:
            request.session[SESSION_RATING] = {"meeting": meeting.pk, "rating": rating}
            return redirect(step_url(f"say-{meeting.pk}"))
        error = _("Choose one answer.")
    context = {**base, "error": error, "rating": rating, "choices": Rating.choices}
    return _page(request, "child_rate.html", context, 400 if error else 200)


def _child_say(
    request: HttpRequest, link: SecureLink, meeting: PreparationMeeting, base: dict[str, Any]
) -> HttpResponse:
    saved = request.session.get(SESSION_RATING) or {}
    if saved.get("meeting") != meeting.pk:
        return redirect(step_url(f"rate-{meeting.pk}"))
    error = ""
    text = request.POST.get("text", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            feedback_save(
                meeting=meeting, person=None, rating=saved["rating"], comment=text,
                request=request,
            )  # fmt: skip
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            request.session.pop(SESSION_RATING, None)
            link_mark_answered(link=link, request=request)
            return redirect(step_url("done"))
    context = {**base, "error": error, "text": text, "back_url": step_url(f"rate-{meeting.pk}")}
    return _page(request, "child_say.html", context, 400 if error else 200)


# -- a parent: both questions on one page --------------------------------------------------


def _parent(link: SecureLink, child: Child) -> RelatedPerson:
    pk = parse_id(link.person_id)
    person = None if pk is None else parents_of(child).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def parent_feedback(request: HttpRequest, link: SecureLink, step: str) -> HttpResponse:
    child = _child(link)
    person = _parent(link, child)
    waiting = list(meetings_to_answer(child, person))
    base: dict[str, Any] = {"person": person, "child_first_name": child.first_name}
    base["waiting"] = waiting
    if step in ("", "done"):
        if step == "" and waiting:
            base["start_url"] = step_url(f"m-{waiting[0].pk}")
        return _page(request, "parent_start.html" if step == "" else "parent_done.html", base)
    match = STEP.match(step)
    if match is None or match.group(1) != "m":
        raise Http404
    meeting = _meeting(child, person, match.group(2))
    base["meeting"] = meeting
    if _answered(meeting, person):
        return _page(request, "answered.html", base)
    errors: dict[str, str] = {}
    rating = request.POST.get("rating", "") if request.method == "POST" else ""
    text = request.POST.get("text", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            feedback_save(
                meeting=meeting, person=person, rating=rating, comment=text, request=request
            )
        except ValidationError as problem:
            if hasattr(problem, "error_dict"):
                errors = {k: v[0] for k, v in problem.message_dict.items()}
            else:
                errors = {"__all__": problem.messages[0]}
        else:
            link_mark_answered(link=link, request=request)
            return redirect(step_url("done"))
    context = {
        **base, "errors": errors, "rating": rating, "text": text, "choices": Rating.choices,
    }  # fmt: skip
    return _page(request, "parent_form.html", context, 400 if errors else 200)
