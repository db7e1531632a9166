# SPDX-License-Identifier: MPL-2.0
"""The match page: make a run, read its shortlist, gap matrix, "why not" and comparison."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role, User
from placematch.audit.services import log_child_read
from placematch.children.models import Case
from placematch.children.selectors import case_get, parent_views_of, parents_of, wishes_of
from placematch.core.idempotency import idempotent
from placematch.core.inputs import get_int
from placematch.matching import services_runs
from placematch.matching.forms_runs import CompareForm, FilterForm, RunForm
from placematch.matching.foster import foster_panel
from placematch.matching.models import MatchRun
from placematch.matching.selectors import last_run_options, run_for_user, runs_of_case
from placematch.matching.shortlist import PAGE_SIZE, WHY_NOT_PAGE_SIZE, RunView, run_view
from placematch.providers.selectors import hidden_place_ids

case_route = municipality_route(Role.CASEWORKER, Role.TEAM_LEADER)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page_number(request: HttpRequest) -> int:
    # An unreadable page number shows the first page: friendlier than an error for a link.
    return get_int(request.GET, "page", default=1, low=1, high=99_999)


def _case_context(case: Case, title: str, page: str) -> dict[str, Any]:
    return {
        "case": case,
        "child": case.child,
        "age": case.child.age_on(timezone.localdate()),
        "title": title,
        "page": page,
        "breadcrumbs": [
            (_("Children and cases"), reverse("children:case_list")),
            (case.child.name, reverse("children:case_detail", args=[case.pk])),
            (title, ""),
        ],
    }


@case_route
@idempotent
def case_match(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's runs and the form that makes a new one (options as in the last run)."""
    user = _user(request)
    case = case_get(user, pk)
    initial = last_run_options([case]).get(case.pk, {})
    form = RunForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = services_runs.match_run_create(
                    request=request, user=user, case=case, options=form.options()
                )
            except services_runs.MatchRunError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The match was made. The places are ranked below."))
                return redirect("matching:run_detail", pk=run.pk)
        status = 400
    log_child_read(request, case.child, obj=case)
    context = _case_context(case, _("Match"), "match")
    context.update({"form": form, "runs": list(runs_of_case(case)[:20])})
    return render(request, "matching/runs/case_match.html", context, status=status)


def _run_context(run: MatchRun, view: RunView, title: str) -> dict[str, Any]:
    context = _case_context(run.case, title, "match")
    context["breadcrumbs"].insert(
        2, (_("Match"), reverse("matching:case_match", args=[run.case_id]))
    )
    changes = view.changes_since()
    context.update(
        {
            "run": run,
            "view": view,
            "changes": changes,
            "latest_run": runs_of_case(run.case).values_list("pk", flat=True).first(),
        }
    )
    return context


def _query(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


@case_route
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranked shortlist of a stored run, filtered, with explanations and gap matrices."""
    run = run_for_user(_user(request), pk)
    view = run_view(run)
    filter_form = FilterForm(request.GET or None)
    filters = filter_form.filters()
    page = _page_number(request)
    candidates, total = view.candidates(filters, page)
    pages = max(1, -(-total // PAGE_SIZE))
    hidden = frozenset(str(pk) for pk in hidden_place_ids(request.user))
    log_child_read(request, run.case.child, obj=run)
    context = _run_context(run, view, _("Match"))
    context.update(
        {
            "foster": foster_panel(view, hidden),
            "page_size": PAGE_SIZE,
            "filter_form": filter_form,
            "filters": filters,
            "candidates": candidates,
            "total": total,
            "page_number": min(page, pages),
            "pages": pages,
            "previous_query": _query(request, page=page - 1) if page > 1 else "",
            "next_query": _query(request, page=page + 1) if page < pages else "",
            "status": 400 if filter_form.is_bound and not filter_form.is_valid() else 200,
        }
    )
    return render(request, "matching/runs/run_detail.html", context, status=context["status"])


@case_route
def run_why_not(request: HttpRequest, pk: int) -> HttpResponse:
    """Places that cannot take the child, grouped by reason, each with all its reasons."""
    run = run_for_user(_user(request), pk)
    view = run_view(run)
    hidden = frozenset(str(pk) for pk in hidden_place_ids(request.user))
    groups = view.reason_groups(hidden)
    codes = [g.code for g in groups]
    code = request.GET.get("reason", "")
    if code and code not in codes:
        messages.error(request, _("No place was left out for that reason. Choose one below."))
        code = ""
    code = code or (codes[0] if codes else "")
    rows, count = view.why_not(code, _page_number(request), hidden=hidden) if code else ([], 0)
    paginator = Paginator(range(count), WHY_NOT_PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    log_child_read(request, run.case.child, obj=run)
    context = _run_context(run, view, _("Why not these places"))
    context.update(
        {
            "groups": groups,
            "code": code,
            "rows": rows,
            "page_obj": page,
            "count": count,
            "excluded_total": len(view.excluded(hidden)),
        }
    )
    return render(request, "matching/runs/why_not.html", context)


@case_route
def run_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two to four candidates side by side, next to the child's wishes and the parents' views."""
    run = run_for_user(_user(request), pk)
    view = run_view(run)
    ranked_ids = [r["place_id"] for r in view.result["ranked"]]
    # Always bound: pressing "compare" with nothing ticked must say so, not just go back.
    form = CompareForm(request.GET, place_ids=ranked_ids)
    if not form.is_valid():
        for error in form.errors.get("place", []):
            messages.error(request, str(error))
        return redirect(f"{reverse('matching:run_detail', args=[run.pk])}?{_query(request)}")
    candidates = view.chosen(form.cleaned_data["place"])
    case = run.case
    persons = list(parents_of(case.child))
    views = parent_views_of(case)
    log_child_read(request, case.child, obj=run)
    context = _run_context(run, view, _("Compare places"))
    context.update(
        {
            "candidates": candidates,
            # One row per dimension: the child's need once, then each place's capacity and gap.
            "gap_table": [
                (cells[0], cells) for cells in zip(*(c.gaps for c in candidates), strict=True)
            ]
            if candidates
            else [],
            "wishes": list(wishes_of(case)),
            "parent_views": [(p, views.get(p.pk)) for p in persons],
            "inquiry_query": urlencode([("place", c.place_id) for c in candidates]),
        }
    )
    return render(request, "matching/runs/compare.html", context)
