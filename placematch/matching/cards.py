# SPDX-License-Identifier: MPL-2.0
"""matching: dashboard cards (open and overdue inquiries, inquiries to answer) and menu items.

Cards hold counts only, no child's name, so they read no child data.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from placematch.accounts.models import Role
from placematch.children.case_tabs import CaseTab
from placematch.children.case_tabs import register as register_case_tab
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_card
from placematch.core.navigation import CASES, NavItem, belongs_to
from placematch.core.navigation import register as register_nav
from placematch.matching import selectors
from placematch.matching.models import OPEN_STATUSES

CASE_ROLES = (Role.CASEWORKER, Role.TEAM_LEADER)


@register_card("matching")
def inquiry_cards(request: HttpRequest) -> list[Card]:
    user: Any = request.user
    now = timezone.now()
    role = getattr(user, "role", "")
    cards: list[Card] = []
    if getattr(user, "is_municipal", False) and role in CASE_ROLES:
        inquiries = selectors.municipal_inquiries(user)
        open_count = inquiries.filter(status__in=OPEN_STATUSES).count()
        overdue = selectors.overdue(inquiries, now).count()
        answered = inquiries.filter(status="answered", proceeded_at__isnull=True).count()
        cards.append(
            Card(
                title=_("Inquiries to places"),
                text=_("%(overdue)s overdue: the place has not answered by the deadline.")
                % {"overdue": overdue}
                if overdue
                else _("No inquiry is overdue."),
                rows=[
                    (_("Open inquiries"), str(open_count)),
                    (_("Overdue"), str(overdue)),
                    (_("Answered, awaiting your choice"), str(answered)),
                ],
                link_url=reverse("matching:inquiry_list"),
                link_text=_("See the inquiries"),
                order=20,
            )
        )
    if getattr(user, "is_municipal", False) and role in (Role.TEAM_LEADER, Role.ANALYST):
        cards.append(
            Card(
                title=_("Inquiry figures"),
                text=_("Response times and decline reasons per place."),
                link_url=reverse("matching:figures"),
                link_text=_("See the figures"),
                order=80,
            )
        )
    if getattr(user, "is_provider_user", False):
        inquiries = selectors.provider_inquiries(user)
        waiting = selectors.awaiting_answer(inquiries).count()
        overdue = selectors.overdue(inquiries, now).count()
        cards.append(
            Card(
                title=_("Inquiries to answer"),
                text=_("%(overdue)s are past the deadline. Please answer, also when it is no.")
                % {"overdue": overdue}
                if overdue
                else _("Municipalities ask whether your places could be right for a child."),
                rows=[(_("Awaiting your answer"), str(waiting)), (_("Overdue"), str(overdue))],
                link_url=reverse("matching:provider_inquiries"),
                link_text=_("Answer the inquiries"),
                order=5,
            )
        )
    return cards


@register_nav("matching")
def menu(request: HttpRequest) -> list[NavItem]:
    user: Any = request.user
    role = getattr(user, "role", "")
    items = []
    if getattr(user, "is_municipal", False):
        if role in CASE_ROLES:
            items.append(
                NavItem(
                    pgettext("main menu", "Inquiries"), reverse("matching:inquiry_list"), order=20
                )
            )
        if role in (Role.TEAM_LEADER, Role.ANALYST):
            items.append(NavItem(_("Inquiry figures"), reverse("matching:figures"), order=80))
        if role == Role.TEAM_LEADER:
            items.append(NavItem(_("Capacity overview"), reverse("matching:overview"), order=30))
        if role in (Role.TEAM_LEADER, Role.ADMIN):
            items.append(NavItem(_("Weights for matching"), reverse("matching:policy"), order=90))
    elif getattr(user, "is_provider_user", False):
        items.append(
            NavItem(
                pgettext("main menu", "Inquiries"), reverse("matching:provider_inquiries"), order=5
            )
        )
    return items


# The case pages get "Match" and "Inquiries" tabs; children offers the hook, never imports us.
register_case_tab(
    CaseTab(
        key="match",
        label=lambda: pgettext("case tab", "Match"),
        url_name="matching:case_match",
        order=55,
    )
)
register_case_tab(
    CaseTab(
        key="inquiries",
        label=lambda: pgettext("main menu", "Inquiries"),
        url_name="matching:case_inquiries",
        order=60,
    )
)
# A case's match runs and its inquiries sit under the case list in the main menu.
belongs_to(
    CASES,
    "matching:case_match",
    "matching:run_detail",
    "matching:run_why_not",
    "matching:run_compare",
    "matching:case_inquiries",
)
