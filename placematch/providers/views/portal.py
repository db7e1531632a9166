# SPDX-License-Identifier: MPL-2.0
"""providers: the provider portal, and profile edits by a family's responsible consultants."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.access import municipality_route, provider_route
from placematch.accounts.models import Role
from placematch.core.concurrency import StaleEditError
from placematch.core.idempotency import idempotent, rejected
from placematch.providers import selectors, services
from placematch.providers.forms import CapacityProfileForm, VacancyForm
from placematch.providers.models import Place


@provider_route()
def portal_home(request: HttpRequest) -> HttpResponse:
    provider = selectors.own_provider(request.user)
    today = timezone.localdate()
    places = selectors.annotate_vacancy(
        selectors.annotate_occupancy(provider.places.all(), today), today
    ).order_by("name")
    context = {
        "provider": provider,
        "places": [{"place": p, "fresh": selectors.is_fresh(p, today)} for p in places],
        "renewals": selectors.declarations_needing_renewal(provider, today),
        "vacancy_days": settings.PROVIDERS_VACANCY_DAYS,
        "viewers": selectors.profile_viewers(provider, limit=5),
    }
    return render(request, "providers/portal.html", context)


@provider_route()
def portal_viewers(request: HttpRequest) -> HttpResponse:
    provider = selectors.own_provider(request.user)
    context = {
        "provider": provider,
        "viewers": selectors.profile_viewers(provider),
        "breadcrumbs": [(_("Our places"), reverse("providers:portal")), (_("Who viewed"), "")],
    }
    return render(request, "providers/viewers.html", context)


def _profile_edit(request: HttpRequest, place: Place, back_url: str) -> HttpResponse:
    latest = selectors.latest_profile(place)
    form = CapacityProfileForm(request.POST or None, latest=latest)
    if request.method == "POST" and form.is_valid():
        try:
            services.capacity_profile_create(
                actor=request.user, place=place, request=request,
                expected_version=form.expected_version(), **form.service_kwargs(),
            )  # fmt: skip
        except StaleEditError as stale:
            form.refuse(stale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The capacity profile is saved as a new version."))
            return redirect(back_url)
    context = {
        "form": form,
        "place": place,
        "latest": latest,
        "breadcrumbs": [(place.provider.name, back_url), (_("Capacity profile"), "")],
    }
    response = render(request, "providers/profile_form.html", context)
    return rejected(response) if form.errors else response


@provider_route()
@idempotent
def portal_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_for_editor(request.user, pk)
    return _profile_edit(request, place, reverse("providers:portal"))


@municipality_route(Role.FAMILY_CARE_CONSULTANT)
@idempotent
def family_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_for_editor(request.user, pk)
    return _profile_edit(request, place, reverse("providers:place_detail", args=[place.pk]))


@municipality_route(Role.FAMILY_CARE_CONSULTANT)
def family_list(request: HttpRequest) -> HttpResponse:
    families = selectors.families_for_consultant(request.user).prefetch_related("places")
    return render(request, "providers/families.html", {"families": families})


@provider_route()
@idempotent
def portal_vacancy_declare(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_for_editor(request.user, pk)
    today = timezone.localdate()
    vacancy = selectors.vacancy_status(place, today)
    initial = {}
    if vacancy.declaration is not None:
        initial["free_places"] = vacancy.declaration.free_places
    form = VacancyForm(request.POST or None, initial=initial)
    if request.method != "POST":
        # A new declaration remembers the newest one it was made over.
        newest = place.vacancy_declarations.order_by("-pk").first()
        form.load(newest, version=newest.pk if newest else 0)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.vacancy_declare(
                actor=request.user, place=place, free_places=data["free_places"],
                available_from=data["available_from"], note=data["note"],
                expected_version=form.expected_version(), request=request,
            )  # fmt: skip
        except StaleEditError as stale:
            form.refuse(stale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. The vacancy is declared and valid until %(date)s.")
                % {"date": declaration.expires_on.strftime("%d-%m-%Y")},
            )
            return redirect("providers:portal")
    context = {
        "form": form,
        "place": place,
        "vacancy": vacancy,
        "occupancy": selectors.occupancy(place, today),
        "breadcrumbs": [(_("Our places"), reverse("providers:portal")), (_("Vacancy"), "")],
    }
    response = render(request, "providers/vacancy_form.html", context)
    return rejected(response) if form.errors else response
