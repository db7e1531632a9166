# SPDX-License-Identifier: MPL-2.0
"""A form spec for tests only: subjects are "<organisation id>-<n>", answers go to a list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines

from placematch.accounts.models import CASE_ROLES, User
from placematch.involvement import registry
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_mark_answered

KEY = "test_form"
OTHER_KEY = "test_other_form"
# What the test form saved: (form key, subject id, answer). Tests clear it.
saved: list[tuple[str, str, str]] = []
# Subjects that "moved" to another organisation after the link was made.
moved: dict[str, int] = {}

PAGE = engines["django"].from_string(  # the page a feature app would render
    """{% extends "base.html" %}{% load static %}{% block title %}Dine svar{% endblock %}
{% block extra_head %}
<link rel="stylesheet" href="{% static 'involvement/involvement.css' %}">{% endblock %}
{% block content %}<div class="involvement-plain"><h1>Dine svar</h1>
<p data-subject="{{ link.subject_id }}">Emne {{ link.subject_id }} ({{ link.form_key }})</p>
{% if step == "heard" %}<p>Det hørte vi.</p>{% endif %}
<form method="post">{% csrf_token %}
<div class="form-group"><label class="form-label" for="id_answer">Dit svar</label>
<input class="form-input" id="id_answer" name="answer" type="text"></div>
<button type="submit" class="button button-primary involvement-button">Gem</button></form></div>
{% endblock %}"""
)


def organisation_of(subject_id: str) -> int | None:
    if subject_id in moved:
        return moved[subject_id]
    head, _, _tail = subject_id.partition("-")
    return int(head) if head.isdigit() else None


def can_manage(user: User, subject_id: str) -> bool:
    return (
        user.is_municipal
        and user.role in CASE_ROLES
        and user.organisation_id == organisation_of(subject_id)
    )


def view(request: HttpRequest, link: SecureLink, step: str) -> HttpResponse:
    if step not in ("", "heard"):
        raise Http404
    if request.method == "POST":
        saved.append((link.form_key, link.subject_id, request.POST.get("answer", "")))
        link_mark_answered(link=link, request=request)
        return redirect("involvement:form_step", step="heard")
    return HttpResponse(PAGE.render({"link": link, "step": step}, request))


def make_spec(key: str = KEY) -> registry.LinkFormSpec:
    return registry.LinkFormSpec(
        key=key,
        audience="child",
        title=lambda: "Dine svar",
        view=view,
        can_manage=can_manage,
        organisation_of=organisation_of,
        subject_type="tests.subject",
        accepts_person=lambda subject_id, person_id: True,
    )


def register_test_specs() -> None:
    registry.register(make_spec(KEY))
    registry.register(make_spec(OTHER_KEY))
