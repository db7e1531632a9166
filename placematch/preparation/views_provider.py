# SPDX-License-Identifier: MPL-2.0
"""preparation: the placement's page: its meetings and checklist for a child coming to it.

A placement sees only what it needs to take part: the child's first name and age, the meeting
dates, its own checklist items and the move date; never the child's case.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from placematch.accounts.access import provider_route
from placematch.audit.services import log_child_list, log_child_read
from placematch.children.views.common import acting_user
from placematch.preparation import access, selectors, services
from placematch.preparation.models import ChecklistItem, Party, PreparationPlan
from placematch.providers.selectors import own_provider


@provider_route()
@require_safe
def provider_list(request: HttpRequest) -> HttpResponse:
    own_provider(request.user)  # a provider organisation without a registered provider: 404
    plans = list(selectors.provider_plans(acting_user(request)))
    log_child_list(request, [p.case.child_id for p in plans])
    today = timezone.localdate()
    rows = [(p, p.case.child.first_name, p.case.child.age_on(today)) for p in plans]
    return render(request, "preparation/provider_list.html", {"rows": rows})


def placement_side(request: HttpRequest, plan: PreparationPlan) -> dict[str, Any]:
    """What the placement side sees of a plan (the family-care consultant sees the same); the
    read is logged."""
    child = plan.case.child
    log_child_read(request, child, obj=plan)
    return {
        "plan": plan,
        "first_name": child.first_name,
        "age": child.age_on(timezone.localdate()),
        "meetings": list(plan.meetings.all()),
        "items": list(plan.checklist.filter(party=Party.PLACEMENT)),
    }


@provider_route()
@require_safe
def provider_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.provider_plan_get(acting_user(request), pk)
    return render(request, "preparation/provider_plan.html", placement_side(request, plan))


@provider_route()
@require_POST
def provider_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = get_object_or_404(ChecklistItem.objects.select_related("plan__place__provider"), pk=pk)
    if not access.provider_may_mark(user, item):
        raise Http404
    plan = selectors.provider_plan_get(user, item.plan_id)
    try:
        services.checklist_item_done(actor=user, item=item, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The item is marked done."))
    return redirect("preparation:provider_plan", pk=plan.pk)
