# SPDX-License-Identifier: MPL-2.0
"""The main menu marks one item as current; the pages of a case mark the case list."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from placematch.accounts.models import Role
from placematch.children.tests.factories import CaseFactory
from placematch.core.navigation import items_for

NAV = re.compile(r'<nav class="app-navigation".*?</nav>', re.S)

# (organisation, role, page, the menu item's page that must be the one current)
TABLE = [
    ("own", Role.FAMILY_CARE_CONSULTANT, "providers:families", "providers:families"),
    ("own", Role.FAMILY_CARE_CONSULTANT, "providers:registry", "providers:registry"),
    ("own", Role.ADMIN, "providers:import", "providers:import"),
    ("own", Role.TEAM_LEADER, "matching:figures", "matching:figures"),
    ("own", Role.TEAM_LEADER, "matching:inquiry_list", "matching:inquiry_list"),
    ("own", Role.CASEWORKER, "followup:placement_list", "followup:placement_list"),
]
CASE_PAGES = [
    "children:case_detail",
    "matching:case_match",
    "matching:case_inquiries",
    "decisions:case_decisions",
    "decisions:meeting_start",
    "preparation:case_plan",
    "followup:case_followup",
]


def current_urls(user, path):
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    return [item.url for item in items_for(request) if item.current]


@pytest.mark.parametrize(("org", "role", "page", "menu"), TABLE)
def test_one_item_is_current_the_most_specific(users, org, role, page, menu):
    assert current_urls(users[(org, role)], reverse(page)) == [reverse(menu)]


def test_a_cases_pages_mark_the_case_list_and_nothing_else(users, caseworker):
    for name in CASE_PAGES:
        assert current_urls(caseworker, reverse(name, args=[7])) == [
            reverse("children:case_list")
        ], name


def test_the_rendered_menu_of_a_case_page_has_one_current_item(caseworker, client_for):
    case = CaseFactory(
        child__organisation=caseworker.organisation,
        team=caseworker.team,
        caseworkers=[caseworker],
        status="matching",
    )
    client = client_for(caseworker)
    for name in ("children:case_detail", "matching:case_match", "decisions:case_decisions"):
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200, name
        nav = NAV.search(response.content.decode())
        assert nav, name
        assert nav.group(0).count('aria-current="page"') == 1, name
        assert f'href="{reverse("children:case_list")}" aria-current="page"' in nav.group(0)


def test_a_providers_own_registry_page_sits_under_our_places(users):
    staff = users[("provider", Role.PROVIDER_STAFF)]
    assert current_urls(staff, reverse("providers:registry")) == [reverse("providers:portal")]
    municipal = users[("own", Role.CASEWORKER)]
    assert current_urls(municipal, reverse("providers:registry")) == [reverse("providers:registry")]
