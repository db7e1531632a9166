# SPDX-License-Identifier: MPL-2.0
"""Team-leader pages: the non-binding capacity overview and the municipality's scoring policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from matchengine.policy import Policy
from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role, User
from placematch.audit.services import log_child_list
from placematch.core.idempotency import idempotent
from placematch.matching import services_runs
from placematch.matching.capacity import capacity_overview
from placematch.matching.forms_runs import PolicyForm
from placematch.matching.models import MatchPolicy


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@municipality_route(Role.TEAM_LEADER)
def overview(request: HttpRequest) -> HttpResponse:
    """Where the municipality's children in matching compete for the same places."""
    user = _user(request)
    assert user.organisation_id is not None
    result = capacity_overview(user, timezone.localdate())
    log_child_list(request, [row.case.child_id for row in result.rows])
    return render(
        request,
        "matching/overview.html",
        {
            "result": result,
            "title": _("Capacity overview"),
            "breadcrumbs": [(_("Capacity overview"), "")],
        },
    )


@municipality_route(Role.TEAM_LEADER, Role.ADMIN)
@idempotent
def policy(request: HttpRequest) -> HttpResponse:
    """The municipality's weights: every change is a new, logged version."""
    user = _user(request)
    assert user.organisation_id is not None
    stored = services_runs.current_policy(user.organisation_id)
    current = stored.engine_policy() if stored is not None else Policy()
    form = PolicyForm(request.POST if request.method == "POST" else None, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services_runs.policy_create(
                    request=request,
                    user=user,
                    weights=form.weights(),
                    note=form.cleaned_data["note"],
                )
            except services_runs.PolicyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of the weights is saved. New matches use it.")
                    % {"version": created.version},
                )
                return redirect("matching:policy")
        status = 400
    versions = MatchPolicy.objects.filter(organisation_id=user.organisation_id).select_related(
        "created_by"
    )[:50]
    context: dict[str, Any] = {
        "form": form,
        "stored": stored,
        "versions": versions,
        "defaults": stored is None,
        "title": _("Weights for matching"),
        "breadcrumbs": [(_("Weights for matching"), "")],
    }
    return render(request, "matching/policy.html", context, status=status)
