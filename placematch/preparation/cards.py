# SPDX-License-Identifier: MPL-2.0
"""preparation: the case tab, dashboard cards and the menu items of the placement and consultant.

Cards hold counts only, no child's name, so they read no child data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from placematch.accounts.models import Role
from placematch.children.case_tabs import CaseTab
from placematch.children.case_tabs import register as register_case_tab
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_card
from placematch.core.navigation import CASES, NavItem, belongs_to
from placematch.core.navigation import register as register_nav
from placematch.preparation import selectors
from placematch.preparation.access import CASE_ROLES
from placematch.preparation.models import PlanStatus


@register_card("preparation")
def preparation_cards(request: HttpRequest) -> list[Card]:
    user: Any = request.user
    today = timezone.localdate()
    cards: list[Card] = []
    if getattr(user, "is_municipal", False) and getattr(user, "role", "") in CASE_ROLES:
        counts = selectors.due_items(user, today).aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)), due=Count("pk")
        )
        overdue = counts["overdue"]
        soon = counts["due"] - overdue
        cards.append(
            Card(
                title=_("Preparation checklists"),
                text=ngettext(
                    "%(overdue)s item is overdue.", "%(overdue)s items are overdue.", overdue
                )
                % {"overdue": overdue}
                if overdue
                else _("No checklist item is overdue."),
                rows=[(_("Overdue"), str(overdue)), (_("Due within a week"), str(soon))],
                order=40,
            )
        )
    if (
        getattr(user, "is_municipal", False)
        and getattr(user, "role", "") == Role.FAMILY_CARE_CONSULTANT
    ):
        plans = selectors.consultant_plans(user).exclude(status=PlanStatus.PLACED)
        cards.append(
            Card(
                title=_("Moves to our foster families"),
                text=_("Children who are to move to a family your municipality supports."),
                rows=[(_("Moves being prepared"), str(plans.count()))],
                link_url=reverse("preparation:consultant_list"),
                link_text=_("See the moves"),
                order=35,
            )
        )
    if getattr(user, "is_provider_user", False):
        plans = selectors.provider_plans(user).exclude(status=PlanStatus.PLACED)
        cards.append(
            Card(
                title=_("Children coming to you"),
                text=_("Meetings before the move and what you are asked to do."),
                rows=[(_("Moves being prepared"), str(plans.count()))],
                link_url=reverse("preparation:provider_list"),
                link_text=_("See the children coming to you"),
                order=10,
            )
        )
    return cards


@register_nav("preparation")
def menu(request: HttpRequest) -> list[NavItem]:
    if getattr(request.user, "is_provider_user", False):
        return [
            NavItem(pgettext("main menu", "Moves"), reverse("preparation:provider_list"), order=10)
        ]
    if getattr(request.user, "role", "") == Role.FAMILY_CARE_CONSULTANT and getattr(
        request.user, "is_municipal", False
    ):
        return [
            NavItem(
                pgettext("main menu", "Moves to families"),
                reverse("preparation:consultant_list"),
                order=42,
            )
        ]
    return []


register_case_tab(
    CaseTab(
        key="preparation",
        label=lambda: pgettext("case tab", "Preparation"),
        url_name="preparation:case_plan",
        order=80,
    )
)
# A case's preparation plan sits under the case list in the main menu.
belongs_to(CASES, "preparation:case_plan", "preparation:plan_start")
