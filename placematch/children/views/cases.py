# SPDX-License-Identifier: MPL-2.0
"""Case list, creating a child and case, the child overview and editing the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from placematch.audit.services import log_child_list
from placematch.children import course, disclosure, selectors, services
from placematch.children.attention import attention_points
from placematch.children.chart import needs_chart
from placematch.children.deadlines import case_deadlines, deadlines_of, turns_18_warning
from placematch.children.forms import CaseForm, ChildCaseForm, TransitionForm
from placematch.children.link_forms import CHILD_FORM, PARENT_FORM, links_context
from placematch.children.models import Case, CaseStatus, Confirmation
from placematch.children.views.common import acting_user, case_context, case_route, load_case
from placematch.core.concurrency import StaleEditError
from placematch.core.idempotency import idempotent
from placematch.core.inputs import get_choice


@case_route
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    status = get_choice(request.GET, "status", CaseStatus.values)
    query = request.GET.get("q", "").strip()[:100]
    cases = list(selectors.case_list(user, status=status, query=query))
    today = timezone.localdate()
    found = deadlines_of(cases, today)
    rows = [(case, [d for d in found[case.pk] if d.is_urgent]) for case in cases]
    log_child_list(request, [case.child_id for case in cases])
    context = {
        "rows": rows,
        "status": status,
        "query": query,
        "statuses": CaseStatus.choices,
        "breadcrumbs": [(_("Children and cases"), "")],
    }
    partial = getattr(request, "htmx", False)
    template = "children/includes/case_rows.html" if partial else "children/case_list.html"
    return render(request, template, context)


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def child_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = ChildCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.child_create(actor=user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("children:case_detail", pk=case.pk)
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "breadcrumbs": [
            (_("Children and cases"), "/children/"),
            (_("New child and case"), ""),
        ],
    }
    return render(request, "children/child_create.html", context, status=status)


@case_route
@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, load_case(request, pk))


def _detail(
    request: HttpRequest, case: Case, *, failed: TransitionForm | None = None
) -> HttpResponse:
    today = timezone.localdate()
    user = acting_user(request)
    assessment = selectors.latest_assessment(case)
    wishes = list(selectors.wishes_of(case))
    parents = list(selectors.parents_of(case.child))
    views = selectors.parent_views_of(case)
    age = case.child.age_on(today)
    context = {
        **case_context(case, "overview", case.child.name),
        "deadlines": case_deadlines(case, today),
        "age_warning": turns_18_warning(case),
        "assessment": assessment,
        "chart": needs_chart(assessment.levels() if assessment else {}),
        "attention": attention_points(case, assessment, today),
        "wishes": wishes,
        "corrected": [w for w in wishes if w.confirmation == Confirmation.CORRECTED],
        "parents": [(p, views.get(p.pk)) for p in parents],
        "siblings": selectors.sibling_lines(case.child, today),
        "rights": {"party": age >= 10, "change_consent": age >= 12, "consent": age >= 15},
        "child_links": links_context(CHILD_FORM, case.child, next_url=request.path),
        "parent_links": [
            links_context(PARENT_FORM, case.child, person=p, next_url=request.path) for p in parents
        ],
        "transitions": course.allowed_transitions(case, user),
        "blocked_transitions": course.blocked_transitions(case, user),
        "transition_failed": failed,
        "to_rewrite": disclosure.texts_to_rewrite(case),
        "course_steps": [
            (step, course.step_label(step.name))
            for step in case.transitions.select_related("actor")
        ],
    }
    return render(
        request, "children/case_detail.html", context, status=400 if failed is not None else 200
    )


@case_route
@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one manual step of the case's course (start assessment, start matching, end…)."""
    case = load_case(request, pk)
    user = acting_user(request)
    allowed = [(t.name, str(t.label)) for t in course.manual_transitions(user)]
    form = TransitionForm(request.POST, choices=allowed)
    if form.is_valid():
        name = form.cleaned_data["transition"]
        try:
            course.transition(
                case, name, actor=user, request=request, reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["edit_version"],
            )  # fmt: skip
        except StaleEditError as stale:
            form.add_error(None, stale.messages[0])
        except ValidationError as error:
            form.add_error("reason" if error.code == "reason" else None, error.messages[0])
        else:
            messages.success(
                request,
                _("Done: %(step)s. The case's status is now “%(status)s”.")
                % {"step": course.TRANSITIONS[name].label, "status": case.get_status_display()},
            )
            return redirect("children:case_detail", pk=case.pk)
    case.refresh_from_db()
    return _detail(request, case, failed=form)


@case_route
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    user = acting_user(request)
    form = CaseForm(request.POST or None, instance=case, organisation_id=case.organisation_id)
    if request.method != "POST":
        form.load(case, version=case.version)
    elif form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CaseForm.Meta.fields}
        case.refresh_from_db()  # the form wrote onto the instance; the service compares
        try:
            services.case_update(
                actor=user, case=case, changes=changes,
                caseworkers=list(form.cleaned_data["caseworkers"]),
                expected_version=form.expected_version(), request=request,
            )  # fmt: skip
        except StaleEditError as stale:
            form.refuse(stale)
        else:
            return redirect("children:case_detail", pk=case.pk)
    context = {**case_context(case, "edit", _("Edit the case")), "form": form}
    return render(request, "children/case_edit.html", context, status=400 if form.errors else 200)
