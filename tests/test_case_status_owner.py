# SPDX-License-Identifier: MPL-2.0
"""No form or endpoint on a case changes its status except through the case's course."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, resolve

from placematch.accounts.models import Role
from placematch.children.models import Case, CaseStatus, CaseTransition
from placematch.core.routes import AccessClass
from placematch.core.tests.page_forms import _FormReader
from tests.route_matrix import SampleContext, iter_routes, load_samples, logged_in_clients, url_for


def _case_routes():
    """Routes about one case or an object of a case that a caseworker may use."""
    return [
        route
        for route in iter_routes()
        if route.access_class is AccessClass.MUNICIPALITY
        and route.params
        and Role.CASEWORKER in route.allowed_roles
    ]


def _forms(client, url: str) -> list[tuple[str, dict[str, list[str]]]]:
    """Every form on the page (action, fields), and the page's own address with no fields."""
    response = client.get(url)
    found: list[tuple[str, dict[str, list[str]]]] = [(url, {})]
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        reader = _FormReader()
        reader.feed(response.content.decode())
        found += [(action or url, data) for action, data in reader.forms]
    return found


def _outside_the_owner() -> list[str]:
    """Cases whose status is not where their last recorded step left it."""
    wrong = []
    for case in Case.objects.all():
        last = CaseTransition.objects.filter(case=case).order_by("at", "pk").last()
        expected = last.to_status if last is not None else CaseStatus.INVESTIGATION
        if case.status != expected:
            wrong.append(f"case {case.pk}: {case.status}, last step says {expected}")
    return wrong


@pytest.mark.slow  # every form on every case page: run on PostgreSQL by `make test`
def test_posting_a_status_anywhere_on_a_case_never_bypasses_the_course(
    users, municipality, provider_org
):
    samples = load_samples()
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    client = logged_in_clients(users)[("own", Role.CASEWORKER)]
    routes, urls = [], []
    for route in _case_routes():
        try:
            urls.append(url_for(route, samples, ctx))
        except (AssertionError, NoReverseMatch):
            continue  # a route without a working sample is the route matrix's failure to report
        routes.append(route)
    names = {route.name for route in routes}
    before = dict(Case.objects.values_list("pk", "status"))
    assert len(before) >= 3  # the samples made cases at several statuses
    posts = forms = 0
    for url in urls:
        for action, data in _forms(client, url):
            if resolve(action.split("?")[0]).view_name not in names:
                continue  # the page's other forms (log out, language) are not about the case
            forms += bool(data)
            for status in CaseStatus.values:
                response = client.post(action, {**data, "status": status})
                posts += 1
                assert response.status_code < 500, (action, status, response.status_code)
    assert posts > len(routes) * len(CaseStatus.values)
    assert forms > len(routes) // 2  # the walk reached the pages and their forms
    assert client.get(urls[0]).status_code == 200  # still signed in at the end
    assert _outside_the_owner() == []
    after = dict(Case.objects.filter(pk__in=before).values_list("pk", "status"))
    # Only a step of the course may have moved a case; nothing reached "placed" by a form.
    moved = {pk for pk in before if after[pk] != before[pk]}
    assert all(after[pk] != CaseStatus.PLACED for pk in moved)
