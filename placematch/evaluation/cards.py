# SPDX-License-Identifier: MPL-2.0
"""evaluation: the dashboard card and menu item that lead analysts and team leaders to the figures.

A caseworker gets a menu item to the fidelity of their own cases. Cards hold no counts, so they
cost nothing to show.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from placematch.accounts.models import Role
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_card
from placematch.core.navigation import NavItem
from placematch.core.navigation import register as register_nav

FIGURE_ROLES = (Role.TEAM_LEADER, Role.ANALYST)


@register_card("evaluation")
def evaluation_cards(request: HttpRequest) -> list[Card]:
    user: Any = request.user
    if not (getattr(user, "is_municipal", False) and user.role in FIGURE_ROLES):
        return []
    return [
        Card(
            title=_("Evaluation"),
            text=_(
                "Started placements, stability over time, fidelity to the model and how the "
                "engine's advice relates to what happened."
            ),
            link_url=reverse("evaluation:started"),
            link_text=_("See the evaluation"),
            order=85,
        )
    ]


@register_nav("evaluation")
def menu(request: HttpRequest) -> list[NavItem]:
    user: Any = request.user
    if not getattr(user, "is_municipal", False):
        return []
    if user.role in FIGURE_ROLES:
        return [NavItem(_("Evaluation"), reverse("evaluation:started"), order=85)]
    if user.role == Role.CASEWORKER:
        return [NavItem(_("Fidelity to the model"), reverse("evaluation:fidelity"), order=85)]
    return []
