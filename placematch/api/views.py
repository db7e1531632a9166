# SPDX-License-Identifier: MPL-2.0
"""api: the administrator's page of the organisation's API tokens: list, make, revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from placematch.accounts.access import municipality_route, provider_route
from placematch.accounts.models import Role, User
from placematch.api import selectors, services
from placematch.api.forms import TokenForm, scope_label
from placematch.core.concurrency import apply_service
from placematch.core.idempotency import idempotent
from placematch.providers.selectors import own_provider


def _admin(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _list_name(user: User) -> str:
    return "api:tokens" if user.is_municipal else "api:provider_tokens"


def _page(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    assert user.organisation is not None
    form = TokenForm(request.POST or None, kind=user.organisation.kind)
    created: services.NewToken | None = None
    status = 200
    if request.method == "POST":

        def make(data: dict[str, Any]) -> None:
            nonlocal created
            created = services.token_create(
                request=request, user=user, name=data["name"],
                scopes=list(data["scopes"]), expires_on=data["expires_on"],
            )  # fmt: skip

        if apply_service(form, make):
            form = TokenForm(kind=user.organisation.kind)
        else:
            status = 400
    today = timezone.localdate()
    rows = [
        {
            "token": t,
            "scopes": [scope_label(s) for s in t.scopes],
            "state": _("Revoked")
            if t.is_revoked
            else (_("Expired") if t.is_expired(today) else _("Active")),
            "active": not t.is_revoked and not t.is_expired(today),
        }
        for t in selectors.tokens_of(user)
    ]
    title = _("API tokens")
    return render(
        request, "api/tokens.html",
        {"form": form, "rows": rows, "created": created, "title": title,
         "revoke_name": "api:token_revoke" if user.is_municipal else "api:provider_token_revoke",
         "breadcrumbs": [(title, "")]},
        status=status,
    )  # fmt: skip


def _revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin(request)
    token = selectors.token_for_admin(user, pk)
    services.token_revoke(request=request, user=user, token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect(_list_name(user))


@municipality_route(Role.ADMIN)
@idempotent
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@municipality_route(Role.ADMIN)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _revoke(request, pk)


@provider_route(Role.PROVIDER_ADMIN)
@idempotent
def provider_token_list(request: HttpRequest) -> HttpResponse:
    own_provider(request.user)  # a provider organisation without a registered provider: 404
    return _page(request)


@provider_route(Role.PROVIDER_ADMIN)
@require_POST
def provider_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    own_provider(request.user)
    return _revoke(request, pk)
