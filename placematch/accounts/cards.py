# SPDX-License-Identifier: MPL-2.0
"""accounts: dashboard cards about the user's own account, and the cards later features fill."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from placematch.accounts.models import Role
from placematch.accounts.selectors import confirmed_totp_device
from placematch.core.dashboard import Card, register

# Which feature will fill which card, per role: shown as "coming" until the feature lands.
PLANNED: dict[str, list[tuple[str, str]]] = {
    Role.CASEWORKER: [
        (
            gettext_noop("Matches"),
            gettext_noop("Match runs will show the explained shortlist for each child."),
        ),
    ],
    Role.TEAM_LEADER: [
        (
            gettext_noop("Capacity overview"),
            gettext_noop("Matching will show where children compete for the same places."),
        ),
    ],
    Role.FAMILY_CARE_CONSULTANT: [],
    Role.ANALYST: [],
    Role.ADMIN: [
        (
            gettext_noop("Users and settings"),
            gettext_noop("Administration of users, teams and imports of the registry."),
        ),
    ],
    Role.PROVIDER_STAFF: [],
    Role.PROVIDER_ADMIN: [],
}


@register("accounts")
def account_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    cards = []
    if not confirmed_totp_device(user):  # type: ignore[arg-type]
        cards.append(
            Card(
                title=_("Two-factor login"),
                text=_("Protect your account with a code from an authenticator app."),
                link_url=reverse("accounts:two_factor_setup"),
                link_text=_("Set up two-factor login"),
                order=900,
            )
        )
    for title, text in PLANNED.get(getattr(user, "role", ""), []):
        cards.append(Card(title=_(title), text=_(text), planned=True))
    return cards
