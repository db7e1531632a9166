# SPDX-License-Identifier: MPL-2.0
"""providers: the shared registry for municipal users (and a provider's view of itself)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from matchengine.vocab import Dimension
from placematch.accounts.access import registry_route
from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.core import postcodes
from placematch.providers import access, selectors
from placematch.providers.forms import RegistryFilterForm
from placematch.providers.models import Place, Provider

PAGE_SIZE = 25


def _log_profile_read(request: HttpRequest, provider: Provider, obj: Any) -> None:
    # Foster families are private persons: every read of their profile is logged, and the
    # provider can see which municipality looked (selectors.profile_viewers).
    access_log_write(
        request=request,
        action=Action.VIEW,
        obj=obj,
        subject_type=selectors.PROVIDER_SUBJECT,
        subject_id=provider.pk,
    )


@registry_route()
def registry_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    form = RegistryFilterForm(
        request.GET or None, show_foster_types=access.sees_foster_family_type(user)
    )
    places = selectors.annotate_vacancy(
        selectors.annotate_occupancy(selectors.visible_places(user), today), today
    )
    near = None
    distance = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["place_type"]:
            places = places.filter(place_type=data["place_type"])
        if data["free_only"]:
            places = places.filter(**{"free__gt": 0})
        if data["fresh_only"]:
            places = places.filter(**{"vacancy_expires_on__gte": today})
        if data["postcode"]:
            near = postcodes.lookup(data["postcode"])
            distance = data["distance"]
    rows: list[dict[str, Any]] = []
    for place in places.order_by("provider__name", "name", "pk"):
        location = place.location
        km = postcodes.distance_km(near, location) if near and location else None
        if distance is not None and (km is None or km > distance):
            continue
        rows.append({"place": place, "km": km, "fresh": selectors.is_fresh(place, today)})
    if near is not None:
        rows.sort(key=lambda r: r["km"] if r["km"] is not None else 1e9)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "near": near,
        "total": len(rows),
        "is_municipal": access.sees_foster_family_type(user),
    }
    return render(request, "providers/registry_list.html", context)


@registry_route()
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    provider = selectors.provider_for_reader(user, pk)
    today = timezone.localdate()
    places = selectors.annotate_vacancy(
        selectors.annotate_occupancy(provider.places.all(), today), today
    ).order_by("name")
    context = {
        "provider": provider,
        "show_contact": selectors.provider_view(user, provider) is access.FamilyView.FULL,
        "places": [{"place": p, "fresh": selectors.is_fresh(p, today)} for p in places],
        "support": selectors.support_for_family(provider, today),
        "can_edit": access.can_edit_provider(user, provider),
        "breadcrumbs": [(_("Registry"), reverse("providers:registry")), (provider.name, "")],
    }
    response = render(request, "providers/provider_detail.html", context)
    _log_profile_read(request, provider, provider)
    return response


@registry_route()
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    place: Place = selectors.place_for_reader(user, pk)
    provider = place.provider
    today = timezone.localdate()
    profile = selectors.latest_profile(place)
    context = {
        "place": place,
        "provider": provider,
        "today": today,
        "occupancy": selectors.occupancy(place, today),
        "vacancy": selectors.vacancy_status(place, today),
        "approvals": place.approvals.select_related("approving_municipality"),
        "current_approval": selectors.current_approval(place, today),
        "profile": profile,
        "levels": [(d, profile.level(d) if profile else None) for d in Dimension],
        "support": selectors.support_for_family(provider, today),
        "can_edit": access.can_edit_provider(user, provider),
        "is_own": access.is_own_provider(user, provider),
        "breadcrumbs": [
            (_("Registry"), reverse("providers:registry")),
            (provider.name, reverse("providers:provider_detail", args=[provider.pk])),
            (place.name, ""),
        ],
    }
    response = render(request, "providers/place_detail.html", context)
    _log_profile_read(request, provider, place)
    return response


@registry_route()
def place_history(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_for_reader(request.user, pk)
    context = {
        "place": place,
        "history": selectors.profile_history(place),
        "breadcrumbs": [
            (_("Registry"), reverse("providers:registry")),
            (place.provider.name, reverse("providers:provider_detail", args=[place.provider.pk])),
            (place.name, reverse("providers:place_detail", args=[place.pk])),
            (_("Versions"), ""),
        ],
    }
    response = render(request, "providers/place_history.html", context)
    _log_profile_read(request, place.provider, place)
    return response
