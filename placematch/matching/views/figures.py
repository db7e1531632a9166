# SPDX-License-Identifier: MPL-2.0
"""Figures pages: response times and decline reasons, for team leaders, analysts and providers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.access import municipality_route, provider_route
from placematch.accounts.models import Role
from placematch.matching import figures, selectors
from placematch.matching.models import Inquiry
from placematch.providers.selectors import own_provider


@municipality_route(Role.TEAM_LEADER, Role.ANALYST)
def municipality_figures(request: HttpRequest) -> HttpResponse:
    """The municipality's own inquiries, aggregated; no row names a child."""
    user: Any = request.user
    inquiries = Inquiry.objects.filter(organisation_id=user.organisation_id)
    context = figures.figures(inquiries, timezone.now())
    context.update({"provider_view": False, "breadcrumbs": [(_("Inquiry figures"), "")]})
    return render(request, "matching/inquiries/figures.html", context)


@provider_route()
def provider_figures(request: HttpRequest) -> HttpResponse:
    """A provider's own places only."""
    own_provider(request.user)  # a provider organisation without a registered provider: 404
    inquiries = selectors.provider_inquiries(request.user)
    context = figures.figures(inquiries, timezone.now(), for_provider=True)
    context.update({"provider_view": True, "breadcrumbs": [(_("Our answer figures"), "")]})
    return render(request, "matching/inquiries/figures.html", context)
