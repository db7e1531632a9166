# SPDX-License-Identifier: MPL-2.0
"""Small things a user notices: visits not page views, filters that fit, a favicon, honest pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from placematch.accounts.models import Role
from placematch.children.tests.factories import CaseFactory
from placematch.providers.selectors import as_visits

T = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


def minutes(n: int) -> dt.datetime:
    return T - dt.timedelta(minutes=n)


@pytest.mark.parametrize(
    ("views", "visits"),
    [
        ([], []),
        ([(1, minutes(0)), (1, minutes(2)), (1, minutes(5))], [(1, minutes(0))]),  # one visit
        ([(1, minutes(0)), (1, minutes(31))], [(1, minutes(0)), (1, minutes(31))]),
        ([(1, minutes(0)), (1, minutes(25)), (1, minutes(50))], [(1, minutes(0))]),  # a chain
        ([(1, minutes(0)), (2, minutes(1)), (1, minutes(3))], [(1, minutes(0)), (2, minutes(1))]),
    ],
)
def test_page_views_less_than_30_minutes_apart_are_one_visit(views, visits):
    assert as_visits(views) == visits


def test_pages_have_a_favicon_and_providers_get_no_distance_search(users, client_for):
    provider = client_for(users[("provider", Role.PROVIDER_STAFF)])
    own = provider.get(reverse("providers:registry")).content.decode()
    assert 'rel="icon"' in own
    assert 'name="postcode"' not in own and 'name="distance"' not in own
    municipal = client_for(users[("own", Role.CASEWORKER)])
    registry = municipal.get(reverse("providers:registry")).content.decode()
    assert 'name="postcode"' in registry and 'name="distance"' in registry


def test_the_decision_page_says_why_there_is_no_place_to_choose(caseworker, client_for):
    case = CaseFactory(
        child__organisation=caseworker.organisation,
        team=caseworker.team,
        caseworkers=[caseworker],
        status="matching",
    )
    page = client_for(caseworker).get(reverse("decisions:decision_new", args=[case.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Der er endnu ikke et sted at vælge" in text
    assert reverse("matching:case_match", args=[case.pk]) in text
