# SPDX-License-Identifier: MPL-2.0
"""The route matrix, for this app's routes alone (the project matrix walks them all too)."""

from __future__ import annotations

import pytest

from tests.route_matrix import (
    SampleContext,
    check_route,
    iter_routes,
    load_samples,
    logged_in_clients,
    url_for,
)


@pytest.mark.django_db
def test_every_involvement_route_answers_each_user_as_its_access_class_says(
    users, municipality, provider_org
):
    samples = load_samples()
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    clients = logged_in_clients(users)
    routes = [r for r in iter_routes() if r.name.startswith("involvement:")]
    assert {r.name for r in routes} >= {
        "involvement:open",
        "involvement:form",
        "involvement:form_step",
        "involvement:pin",
        "involvement:issue",
        "involvement:link_detail",
        "involvement:revoke",
    }
    problems: list[str] = []
    for route in routes:
        problems += check_route(route, url_for(route, samples, ctx), clients)
    assert problems == []
