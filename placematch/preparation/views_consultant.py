# SPDX-License-Identifier: MPL-2.0
"""preparation: the family-care consultant's pages: children coming to the families they support.

The consultant supports the foster family, not the child's case: they see what the placement
sees (first name, age, meeting dates, the placement's checklist, the move date) and which family
it is, and, unless the case is under non-disclosure (§ 105), the placing municipality and its
caseworker to call. Never the case, the assessment, the wishes or the parents' views.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role
from placematch.audit.services import log_child_list
from placematch.children.views.common import acting_user
from placematch.preparation import selectors, services
from placematch.preparation.models import ChecklistItem, Party, PreparationPlan
from placematch.preparation.views_provider import placement_side

consultant_route = municipality_route(Role.FAMILY_CARE_CONSULTANT)


def _open_items(plans: list[PreparationPlan]) -> dict[int, int]:
    """Undone placement items per plan, counted in one query for the whole list."""
    counts = (
        ChecklistItem.objects.filter(plan__in=plans, party=Party.PLACEMENT, done_on__isnull=True)
        .values("plan")
        .annotate(n=Count("pk"))
        .values_list("plan", "n")
    )
    return dict(counts)


@consultant_route
@require_safe
def consultant_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.consultant_plans(acting_user(request)))
    log_child_list(request, [p.case.child_id for p in plans])
    today = timezone.localdate()
    open_items = _open_items(plans)
    rows = [
        (p, p.case.child.first_name, p.case.child.age_on(today), open_items.get(p.pk, 0))
        for p in plans
    ]
    return render(request, "preparation/consultant_list.html", {"rows": rows})


def _contact(plan: PreparationPlan) -> dict[str, Any]:
    """The placing municipality and its caseworker, left out under non-disclosure."""
    if plan.case.non_disclosure:
        return {}
    caseworker = plan.case.caseworkers.order_by("pk").first()
    return {"placing_municipality": plan.case.organisation, "caseworker": caseworker}


@consultant_route
@require_safe
def consultant_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.consultant_plan_get(acting_user(request), pk)
    context = {
        **placement_side(request, plan),
        "done_url": "preparation:consultant_item_done",
        **_contact(plan),
    }
    return render(request, "preparation/consultant_plan.html", context)


@consultant_route
@require_POST
def consultant_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a placement's item done; an item of another party, or a second mark, is refused."""
    user = acting_user(request)
    item = get_object_or_404(ChecklistItem, pk=pk)
    plan = selectors.consultant_plan_get(user, item.plan_id)  # not their family's: 404
    try:
        services.placement_item_done(actor=user, item=item, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The item is marked done."))
    return redirect("preparation:consultant_plan", pk=plan.pk)
