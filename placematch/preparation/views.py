# SPDX-License-Identifier: MPL-2.0
"""preparation: the caseworker's plan page and its actions: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from placematch.accounts.access import municipality_route
from placematch.children.models import Case, CaseStatus
from placematch.children.views.common import acting_user, case_context, load_case
from placematch.core.concurrency import apply_service
from placematch.core.idempotency import idempotent
from placematch.decisions.selectors import current_decision
from placematch.preparation import link_forms, selectors, services
from placematch.preparation.access import CASE_ROLES
from placematch.preparation.forms import (
    ChecklistItemForm,
    ContactFormForm,
    MeetingForm,
    MoveDateForm,
    MutualYesForm,
)
from placematch.preparation.models import (
    STEP_ORDER,
    ChecklistItem,
    PreparationMeeting,
    PreparationPlan,
    Step,
)

case_route = municipality_route(*CASE_ROLES)


def _plan_for(request: HttpRequest, pk: int) -> PreparationPlan:
    """The plan if the user may see its case (else 404); the read is logged by load_case."""
    plan = get_object_or_404(
        PreparationPlan.objects.select_related("decision", "place", "reservation"), pk=pk
    )
    plan.case = load_case(request, plan.case_id)
    return plan


def _steps(plan: PreparationPlan, meetings: list[PreparationMeeting]) -> list[dict[str, Any]]:
    rows = []
    for step in STEP_ORDER:
        mine = [m for m in meetings if m.step == step]
        rows.append({"label": step.label, "done": any(m.held for m in mine), "meetings": mine})
    rows.append(
        {
            "label": _("Mutual yes"),
            "done": plan.mutual_yes is True,
            "meetings": [],
            "mutual_yes": True,
        }
    )
    return rows


def _move_form(plan: PreparationPlan) -> MoveDateForm:
    form = MoveDateForm(initial={"move_date": plan.move_date})
    form.load(plan, version=plan.version)
    return form


def _page(
    request: HttpRequest, case: Case, plan: PreparationPlan | None, status: int = 200, **forms_: Any
) -> HttpResponse:
    context: dict[str, Any] = case_context(case, "preparation", _("Preparation"))
    decision = current_decision(case)
    hold = services.hold_to_prepare(case)
    decided = (
        decision is not None
        and case.status == CaseStatus.DECIDED
        and (plan is None or plan.decision_id != decision.pk)
    )
    context.update(
        plan=plan,
        decision=decision,
        hold=hold,
        start_on_hold=not decided and hold is not None,
        can_start=decided or hold is not None,
    )
    if plan is not None:
        meetings = selectors.meetings_of(plan)
        context.update(
            steps=_steps(plan, meetings),
            meetings=meetings,
            checklist=selectors.checklist_by_party(plan),
            contacts=list(plan.contacts.select_related("person", "sibling__sibling_child")),
            siblings_missing=selectors.siblings_without_contact(plan),
            parents_missing=selectors.parents_without_contact(plan),
            links=link_forms.plan_links(plan, next_url=request.path),
            meeting_form=forms_.get("meeting_form") or MeetingForm(plan=plan),
            item_form=forms_.get("item_form") or ChecklistItemForm(),
            contact_form=forms_.get("contact_form") or ContactFormForm(plan=plan),
            move_form=forms_.get("move_form") or _move_form(plan),
            action_error=forms_.get("action_error", ""),
        )
    return render(request, "preparation/plan.html", context, status=status)


@case_route
@require_safe
def case_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's preparation tab: steps, meetings, feedback, checklists, contact, the move."""
    case = load_case(request, pk)
    return _page(request, case, selectors.plan_of(case))


@case_route
@require_POST
@idempotent
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    try:
        services.plan_start(actor=acting_user(request), case=case, request=request)
    except ValidationError as error:
        return _page(request, case, selectors.plan_of(case), 400, action_error=error.messages[0])
    messages.success(request, _("The preparation has started."))
    return redirect("preparation:case_plan", pk=case.pk)


def _done(request: HttpRequest, plan: PreparationPlan, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("preparation:case_plan", args=[plan.case_id]) + f"#{anchor}")


@case_route
@require_POST
@idempotent
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    form = MeetingForm(request.POST, plan=plan)
    saved = apply_service(
        form,
        lambda d: services.meeting_add(
            actor=acting_user(request), plan=plan, step=d["step"], meeting_on=d["meeting_on"],
            child_present=d["child_present"], placement_present=d["placement_present"],
            parents=d["parents"], notes=d["notes"], request=request,
        ),
    )  # fmt: skip
    if saved:
        return _done(request, plan, _("The meeting was added."), "meetings-h")
    return _page(request, plan.case, plan, 400, meeting_form=form)


@case_route
@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(PreparationMeeting, pk=pk)
    plan = _plan_for(request, meeting.plan_id)
    try:
        services.meeting_mark_held(actor=acting_user(request), meeting=meeting, request=request)
    except ValidationError as error:
        return _page(request, plan.case, plan, 400, action_error=error.messages[0])
    return _done(
        request,
        plan,
        _("The meeting is marked as held. Send the feedback links to the child and the parents."),
        "feedback-h",
    )


@case_route
@require_POST
@idempotent
def checklist_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    form = ChecklistItemForm(request.POST)
    saved = apply_service(
        form,
        lambda d: services.checklist_item_add(
            actor=acting_user(request), plan=plan, party=d["party"], text=d["text"],
            due_on=d["due_on"], request=request,
        ),
    )  # fmt: skip
    if saved:
        return _done(request, plan, _("The item was added to the checklist."), "checklist-h")
    return _page(request, plan.case, plan, 400, item_form=form)


@case_route
@require_POST
def checklist_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ChecklistItem, pk=pk)
    plan = _plan_for(request, item.plan_id)
    try:
        services.checklist_item_done(actor=acting_user(request), item=item, request=request)
    except ValidationError as error:
        return _page(request, plan.case, plan, 400, action_error=error.messages[0])
    return _done(request, plan, _("The item is marked done."), "checklist-h")


@case_route
@require_POST
@idempotent
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    form = ContactFormForm(request.POST, plan=plan)
    saved = apply_service(
        form,
        lambda d: services.contact_add(
            actor=acting_user(request), plan=plan, with_kind=d["with_kind"], form=d["form"],
            frequency=d["frequency"], person=d["person"], sibling=d["sibling"], note=d["note"],
            request=request,
        ),
    )  # fmt: skip
    if saved:
        return _done(request, plan, _("The contact plan was updated."), "contact-h")
    return _page(request, plan.case, plan, 400, contact_form=form)


@case_route
@require_POST
def move_date(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    form = MoveDateForm(request.POST)
    saved = apply_service(
        form,
        lambda d: services.move_date_set(
            actor=acting_user(request),
            plan=plan,
            move_date=d["move_date"],
            expected_version=form.expected_version(),
            request=request,
        ),
    )
    if saved:
        return _done(request, plan, _("The move date was saved."), "move-h")
    return _page(request, plan.case, plan, 400, move_form=form)


@case_route
@require_http_methods(["GET", "POST"])
def mutual_yes(request: HttpRequest, pk: int) -> HttpResponse:
    """The mutual yes after the match visit: the adults decide, the child's view is recorded."""
    plan = _plan_for(request, pk)
    form = MutualYesForm(request.POST or None)
    if request.method != "POST":
        form.load(plan, version=plan.version)
    if request.method == "POST":
        saved = apply_service(
            form,
            lambda d: services.mutual_yes_record(
                actor=acting_user(request), plan=plan, mutual_yes=d["mutual_yes"] == "yes",
                placement_yes={"yes": True, "no": False}.get(d["placement_yes"]),
                child_view=d["child_view"], parents_view=d["parents_view"], note=d["note"],
                expected_version=form.expected_version(), request=request,
            ),
        )  # fmt: skip
        if saved:
            message = (
                _("The mutual yes is recorded. Set the move date.")
                if form.cleaned_data["mutual_yes"] == "yes"
                else _("Recorded: no mutual yes. The reserved place was given back.")
            )
            return _done(request, plan, message, "steps-h")
    context = {
        **case_context(plan.case, "preparation", _("Mutual yes")),
        "plan": plan,
        "form": form,
        "visit_held": services.step_held(plan, Step.MATCH_VISIT),
    }
    return render(
        request, "preparation/mutual_yes.html", context, status=400 if form.errors else 200
    )
