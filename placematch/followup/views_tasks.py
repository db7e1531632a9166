# SPDX-License-Identifier: MPL-2.0
"""followup: the user's task list, and its dashboard card (counts only, no child's name)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from placematch.audit.services import log_child_list
from placematch.children.views.common import acting_user
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_card
from placematch.followup import tasks
from placematch.followup.access import CASE_ROLES, case_route


@case_route
@require_safe
def task_list(request: HttpRequest) -> HttpResponse:
    """Every due date of the user's open cases, overdue first, each linking to its work."""
    found = tasks.tasks_for(acting_user(request), timezone.localdate())
    log_child_list(request, sorted({t.case.child_id for t in found}))
    title = _("My tasks")
    return render(
        request, "followup/tasks.html",
        {"tasks": found, "counts": tasks.counts(found), "title": title,
         "breadcrumbs": [(title, "")]},
    )  # fmt: skip


@register_card("followup_tasks")
def task_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    if not getattr(user, "is_municipal", False) or getattr(user, "role", "") not in CASE_ROLES:
        return []
    counted = tasks.counts(tasks.tasks_for(user, timezone.localdate()))  # type: ignore[arg-type]
    return [
        Card(
            title=_("My tasks"),
            text=_("%(overdue)s overdue, %(soon)s due within 14 days, %(total)s in all.")
            % {"overdue": counted.overdue, "soon": counted.due_soon, "total": counted.total},
            rows=[
                (_("Overdue"), str(counted.overdue)),
                (_("Due within 14 days"), str(counted.due_soon)),
            ],
            link_url=reverse("followup:task_list"),
            link_text=_("See the tasks"),
            order=40,
        )
    ]
