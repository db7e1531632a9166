# SPDX-License-Identifier: MPL-2.0
"""providers: support arrangements (seed 002), kept by the family's municipality and by the
supporting institution, each on its own routes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.access import municipality_route, provider_route
from placematch.core.concurrency import StaleEditError
from placematch.core.idempotency import idempotent, rejected
from placematch.providers import selectors, services
from placematch.providers.access import SUPPORT_ROLES
from placematch.providers.forms import SupportArrangementForm, SupportEndForm


def _names(portal: bool) -> dict[str, str]:
    prefix = "providers:portal_support" if portal else "providers:support"
    return {"list": prefix, "new": f"{prefix}_new", "end": f"{prefix}_end"}


def _list(request: HttpRequest, *, portal: bool) -> HttpResponse:
    if portal:
        selectors.own_provider(request.user)  # 404 for a user without a provider
    today = timezone.localdate()
    rows = list(selectors.support_arrangements_for(request.user))
    context = {
        "running": [a for a in rows if a.valid_to is None or a.valid_to >= today],
        "ended": [a for a in rows if a.valid_to is not None and a.valid_to < today],
        "urls": _names(portal),
        "portal": portal,
    }
    return render(request, "providers/support_list.html", context)


def _create(request: HttpRequest, *, portal: bool) -> HttpResponse:
    user: Any = request.user
    own = selectors.own_provider(user) if portal else None
    form = SupportArrangementForm(
        request.POST or None,
        families=selectors.families_for_support(user),
        supporters=selectors.supporters_for(user),
        fixed_supporter=portal,
        initial={"valid_from": timezone.localdate()},
    )
    names = _names(portal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.support_arrangement_create(
                actor=user, family=data["family"],
                supporter=own if portal else data.get("supporter"),
                supporter_name="" if portal else data.get("supporter_name", ""),
                kind=data["kind"], dimensions=data["dimensions"],
                hours_per_month=data["hours_per_month"], contact=data["contact"],
                valid_from=data["valid_from"], valid_to=data["valid_to"], request=request,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The support arrangement is saved."))
            return redirect(names["list"])
    context = {
        "form": form,
        "own": own,
        "breadcrumbs": [(_("Support arrangements"), reverse(names["list"])), (_("New"), "")],
    }
    response = render(request, "providers/support_form.html", context)
    return rejected(response) if form.errors else response


def _end(request: HttpRequest, pk: int, *, portal: bool) -> HttpResponse:
    arrangement = selectors.support_for_editor(request.user, pk)
    names = _names(portal)
    form = SupportEndForm(request.POST or None, initial={"last_day": timezone.localdate()})
    if request.method != "POST":
        form.load(arrangement, version=arrangement.version)
    elif form.is_valid():
        try:
            ended = services.support_arrangement_end(
                actor=request.user, arrangement=arrangement,
                last_day=form.cleaned_data["last_day"],
                expected_version=form.expected_version(), request=request,
            )  # fmt: skip
        except StaleEditError as stale:
            form.refuse(stale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The support arrangement ends on %(day)s.")
                % {"day": ended.valid_to.strftime("%d-%m-%Y") if ended.valid_to else ""},
            )
            return redirect(names["list"])
    context = {
        "form": form,
        "arrangement": arrangement,
        "breadcrumbs": [(_("Support arrangements"), reverse(names["list"])), (_("End"), "")],
    }
    response = render(request, "providers/support_end.html", context)
    return rejected(response) if form.errors else response


@municipality_route(*SUPPORT_ROLES)
def support_list(request: HttpRequest) -> HttpResponse:
    return _list(request, portal=False)


@municipality_route(*SUPPORT_ROLES)
@idempotent
def support_new(request: HttpRequest) -> HttpResponse:
    return _create(request, portal=False)


@municipality_route(*SUPPORT_ROLES)
def support_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, pk, portal=False)


@provider_route()
def portal_support(request: HttpRequest) -> HttpResponse:
    return _list(request, portal=True)


@provider_route()
@idempotent
def portal_support_new(request: HttpRequest) -> HttpResponse:
    return _create(request, portal=True)


@provider_route()
def portal_support_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, pk, portal=True)
