# SPDX-License-Identifier: MPL-2.0
"""outbox: thin views: send a failed message again."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role, User
from placematch.core.idempotency import idempotent
from placematch.outbox import selectors, services


def _back(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:dashboard")


@municipality_route(Role.CASEWORKER, Role.TEAM_LEADER)
@require_POST
# Each press asks for one more round of attempts; the key keeps a double click to one.
@idempotent(same_content=False)
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    message = selectors.message_for_manager(user=user, pk=pk)
    if not selectors.can_resend(message):
        flash.warning(request, _("The link has closed. Send a new link instead."))
    elif services.message_resend(actor=user, message=message, request=request):
        flash.success(request, _("The message will be sent again in a moment."))
    else:
        flash.info(request, _("The message has not failed, so it was not sent again."))
    return redirect(_back(request))
