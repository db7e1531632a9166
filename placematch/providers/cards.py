# SPDX-License-Identifier: MPL-2.0
"""providers: dashboard cards and main-menu items for the registry and the provider portal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.models import Role
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_cards
from placematch.core.navigation import NavItem, belongs_to
from placematch.core.navigation import register as register_menu
from placematch.providers import access, selectors
from placematch.providers.models import Provider


@register_cards("providers")
def provider_cards(request: HttpRequest) -> list[Card]:
    user: Any = request.user
    if access.reads_whole_registry(user):
        cards = [
            Card(
                title=_("Registry of places"),
                text=_("Providers, approvals, capacity profiles and free places."),
                link_url=reverse("providers:registry"),
                link_text=_("Search the registry"),
                order=60,
            )
        ]
        if getattr(user, "role", "") == Role.FAMILY_CARE_CONSULTANT:
            count = selectors.families_for_consultant(user).count()
            cards.append(
                Card(
                    title=_("Our foster families"),
                    rows=[(_("Families"), str(count))],
                    link_url=reverse("providers:families"),
                    link_text=_("See the families"),
                    order=40,
                )
            )
        if getattr(user, "role", "") == Role.ADMIN:
            cards.append(
                Card(
                    title=_("Import of the registry"),
                    text=_("Import providers, places and approvals from CSV or Excel."),
                    link_url=reverse("providers:import"),
                    link_text=_("Import a file"),
                    order=70,
                )
            )
        return cards
    if getattr(user, "is_provider_user", False):
        provider = Provider.objects.filter(
            organisation_id=getattr(user, "organisation_id", 0)
        ).first()
        if provider is None:
            return []
        today = timezone.localdate()
        renewals = selectors.declarations_needing_renewal(provider, today)
        return [
            Card(
                title=_("Our places"),
                rows=[
                    (_("Places"), str(provider.places.count())),
                    (_("Vacancy declarations to renew"), str(len(renewals))),
                ],
                text=", ".join(place.name for place, _vacancy in renewals[:5]),
                link_url=reverse("providers:portal"),
                link_text=_("Update places and vacancies"),
                order=10,
            )
        ]
    return []


# A provider's view of its own places in the registry sits under "Our places"; a
# municipality has no item with this key, so these pages fall under its "Registry".
OWN = "own_places"
belongs_to(OWN, "providers:registry", "providers:provider_detail", "providers:place_detail")


@register_menu("providers")
def provider_menu(request: HttpRequest) -> list[NavItem]:
    user: Any = request.user
    items = []
    if access.reads_whole_registry(user):
        items.append(NavItem(_("Registry"), reverse("providers:registry"), order=40))
        if getattr(user, "role", "") == Role.FAMILY_CARE_CONSULTANT:
            items.append(
                NavItem(
                    _("Foster families"),
                    reverse("providers:families"),
                    order=41,
                )
            )
        if getattr(user, "role", "") == Role.ADMIN:
            items.append(NavItem(_("Import"), reverse("providers:import"), order=90))
    elif getattr(user, "is_provider_user", False):
        items.append(NavItem(_("Our places"), reverse("providers:portal"), order=10, key=OWN))
        # Institutions support foster families (seed 002); a family does not support others.
        if selectors.supporters_for(user).exists():
            items.append(NavItem(_("Support we give"), reverse("providers:portal_support"), 11))
    if getattr(user, "is_municipal", False) and getattr(user, "role", "") in access.SUPPORT_ROLES:
        items.append(NavItem(_("Support arrangements"), reverse("providers:support"), order=42))
    return items
