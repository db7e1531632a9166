# SPDX-License-Identifier: MPL-2.0
"""Shared parts of the caseworker views: access, the case header, htmx-or-page rendering."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role, User
from placematch.audit.services import log_child_read
from placematch.children import selectors
from placematch.children.models import Case
from placematch.core.idempotency import rejected

case_route = municipality_route(Role.CASEWORKER, Role.TEAM_LEADER)


def acting_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def load_case(request: HttpRequest, pk: int) -> Case:
    """The case if this user may see it (else 404); the read is logged once per response."""
    case = selectors.case_get(acting_user(request), pk)
    log_child_read(request, case.child, obj=case)
    return case


def case_context(case: Case, page: str, title: str) -> dict[str, Any]:
    child = case.child
    today = timezone.localdate()
    crumbs: list[tuple[str, str]] = [(_("Children and cases"), reverse("children:case_list"))]
    if page != "overview":
        crumbs.append((child.name, reverse("children:case_detail", args=[case.pk])))
    crumbs.append((title, ""))
    return {
        "case": case,
        "child": child,
        "age": child.age_on(today),
        "page": page,
        "title": title,
        "breadcrumbs": crumbs,
    }


def render_panel(
    request: HttpRequest,
    page_template: str,
    panel_template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """An htmx request gets only the panel; a plain request gets the whole page."""
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx answers, so a panel with form errors is sent as 200
        # (and marked, so its one-time submission key is free for the corrected form).
        response = render(request, panel_template, context)
        return rejected(response) if status >= 400 else response
    return render(request, page_template, context, status=status)
