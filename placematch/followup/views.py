# SPDX-License-Identifier: MPL-2.0
"""followup: the caseworker's pages after the move: parse, call a service, render.

Every page loads the case through ``children.views.common.load_case``: 404 unless the user may
see the case, and one access-log row for the read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from placematch.audit.services import log_child_list
from placematch.children.deadlines import case_deadlines
from placematch.children.models import Case
from placematch.children.selectors import latest_assessment
from placematch.children.views.common import acting_user, case_context, load_case
from placematch.core.concurrency import apply_service
from placematch.core.idempotency import idempotent
from placematch.followup import (
    chart,
    link_forms,
    questions,
    selectors,
    selectors_voice,
    services,
    services_voice,
)
from placematch.followup.access import case_route
from placematch.followup.forms import (
    FollowUpForm,
    InvestigationForm,
    PlanForm,
    ScheduleForm,
    VisitForm,
)
from placematch.followup.models import FollowUp, PlacementRecord
from placematch.followup.views_ending import ending_context


def _record_for(request: HttpRequest, pk: int) -> PlacementRecord:
    """The record if the user may see its case (else 404); the read is logged by load_case."""
    record = get_object_or_404(PlacementRecord.objects.select_related("place"), pk=pk)
    record.case = load_case(request, record.case_id)
    return record


def _investigation_form(record: PlacementRecord) -> InvestigationForm:
    form = InvestigationForm(initial={"investigation_ends_on": record.investigation_ends_on})
    form.load(record, version=record.version)
    return form


def _voices(record: PlacementRecord) -> dict[str, Any]:
    """What the child, the parents and the placement said, and their links."""
    return {
        "voice_links": link_forms.record_links(
            record, next_url=reverse("followup:case_followup", args=[record.case_id])
        ),
        "surveys": selectors_voice.survey_tables(record),
        "survey_next": selectors_voice.survey_due(record, timezone.localdate()),
        "wish_waiting": services_voice.wish_waiting(record),
    }


def _page(request: HttpRequest, case: Case, status: int = 200, **given: Any) -> HttpResponse:
    """The case's follow-up tab: the placement, the plan, progression, follow-ups and visits."""
    today = timezone.localdate()
    record = selectors.record_of(case)
    versions = selectors.plan_versions(case)
    goals = list(versions[0].goals.all()) if versions else []
    context: dict[str, Any] = case_context(case, "followup", _("Follow-up"))
    context.update(
        record=record,
        plan=versions[0] if versions else None,
        goals=goals,
        deadlines=[
            d for d in case_deadlines(case, today) if d.code in ("child_plan", "followup", "visit")
        ],
    )
    if record is not None:
        followups = selectors.followups_of(record)
        context.update(
            promised=list(record.promised_support.all()),
            contacts=list(
                record.preparation.contacts.select_related("person", "sibling__sibling_child")
            ),
            followups=followups,
            visits=list(record.visits.select_related("created_by")),
            charts=chart.progression(goals, record.started_on, followups),
            table=chart.table(goals, record.started_on, followups),
            investigation_form=given.get("investigation_form") or _investigation_form(record),
            schedule_form=given.get("schedule_form") or ScheduleForm(),
            visit_form=given.get("visit_form") or VisitForm(initial={"visited_on": today}),
            **_voices(record),
        )
    context.update(ending_context(case, record, given))
    return render(request, "followup/case.html", context, status=status)


@case_route
@require_safe
def case_followup(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, load_case(request, pk))


def _done(request: HttpRequest, case_id: int, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("followup:case_followup", args=[case_id]) + f"#{anchor}")


@case_route
@require_POST
def investigation_set(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    form = InvestigationForm(request.POST)
    saved = apply_service(
        form,
        lambda d: services.record_investigation_set(
            actor=acting_user(request), record=record, ends_on=d["investigation_ends_on"],
            expected_version=form.expected_version(), request=request,
        ),
    )  # fmt: skip
    if saved:
        return _done(request, record.case_id, _("The date was saved."), "placement-h")
    return _page(request, record.case, 400, investigation_form=form)


@case_route
@require_POST
@idempotent
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    form = ScheduleForm(request.POST)
    saved = apply_service(
        form,
        lambda d: services.followup_schedule(
            actor=acting_user(request), record=record, due_on=d["due_on"], reason=d["reason"],
            request=request,
        ),
    )  # fmt: skip
    if saved:
        return _done(request, record.case_id, _("The follow-up was planned."), "followups-h")
    return _page(request, record.case, 400, schedule_form=form)


@case_route
@require_POST
@idempotent
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    form = VisitForm(request.POST)
    saved = apply_service(
        form,
        lambda d: services.visit_record(
            actor=acting_user(request), record=record, visited_on=d["visited_on"],
            present=d["present"], talked_alone=d["talked_alone"] == "yes",
            not_alone_reason=d["not_alone_reason"], notes=d["notes"], request=request,
        ),
    )  # fmt: skip
    if saved:
        return _done(request, record.case_id, _("The visit was recorded."), "visits-h")
    return _page(request, record.case, 400, visit_form=form)


@case_route
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of the child's plan; the earlier versions stay below it."""
    case = load_case(request, pk)
    versions = selectors.plan_versions(case)
    assessment = latest_assessment(case)
    levels = assessment.levels() if assessment is not None else {}
    form = PlanForm(request.POST or None, start_levels=levels)
    if request.method != "POST":
        current = versions[0] if versions else None
        form.initial.update(
            form.values_from(current) if current else {"made_on": timezone.localdate()}
        )
        if current is not None:
            form.initial["note"] = ""
        form.load(current, version=current.number if current else 0)
    elif apply_service(
        form,
        lambda d: services.plan_version_create(
            actor=acting_user(request), case=case, made_on=d["made_on"], goals=form.goals(),
            child_goals=d["child_goals"], family_support=d["family_support"], note=d["note"],
            expected_version=form.expected_version(), request=request,
        ),
    ):  # fmt: skip
        return _done(request, case.pk, _("The child's plan was saved."), "plan-h")
    context = case_context(case, "followup", _("The child's plan"))
    context.update(form=form, versions=versions, assessment=assessment)
    return render(
        request, "followup/plan.html", context, status=400 if request.method == "POST" else 200
    )


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def followup_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a follow-up: its date, notes and the level reached on each goal of the plan."""
    followup = get_object_or_404(FollowUp.objects.select_related("record"), pk=pk)
    record = _record_for(request, followup.record_id)
    goals = selectors.current_goals(record.case)
    form = FollowUpForm(request.POST or None, goals=goals)
    if request.method == "POST" and apply_service(
        form,
        lambda d: services.followup_hold(
            actor=acting_user(request), followup=followup, held_on=d["held_on"],
            notes=d["notes"], progress=form.progress(), request=request,
        ),
    ):  # fmt: skip
        return _done(request, record.case_id, _("The follow-up was recorded."), "followups-h")
    followups = selectors.followups_of(record)
    answers = selectors_voice.check_answers(followup)
    for goal in goals:
        goal.said = answers.by_question.get(f"{questions.GOAL_PREFIX}{goal.dimension}", [])  # type: ignore[attr-defined]
    context = case_context(record.case, "followup", _("Follow-up"))
    context.update(
        record=record, followup=followup, form=form, goals=goals, answers=answers,
        table=chart.table(goals, record.started_on, followups),
    )  # fmt: skip
    return render(
        request, "followup/followup.html", context,
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@case_route
@require_safe
def placement_list(request: HttpRequest) -> HttpResponse:
    """The user's placements with the next follow-up and visit, overdue first."""
    today = timezone.localdate()
    rows = []
    for due in selectors.records_due(user=acting_user(request)):
        found = selectors.deadlines_of(due, today)
        rows.append((min(d.due for d in found), due, found))
    rows.sort(key=lambda row: (row[0], row[1].record.pk))
    log_child_list(request, [due.record.case.child_id for _day, due, _f in rows])
    return render(
        request,
        "followup/list.html",
        {"rows": rows, "title": _("Placements to follow up"),
         "breadcrumbs": [(_("Placements to follow up"), "")]},
    )  # fmt: skip
