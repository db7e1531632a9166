# SPDX-License-Identifier: MPL-2.0
"""Every route is classified, and every class answers each kind of user as documented."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse

from config.urls import urlpatterns as project_urlpatterns
from placematch.accounts.access import REGISTRY_READ_ROLES, municipality_route
from placematch.accounts.models import Role
from placematch.core.routes import AccessClass
from tests.route_matrix import (
    Route,
    SampleContext,
    check_route,
    iter_routes,
    load_private_samples,
    load_samples,
    logged_in_clients,
    unclassified,
    url_for,
)


def test_every_route_declares_an_access_class():
    routes = list(iter_routes())
    assert len(routes) > 40  # the admin adds many
    assert unclassified() == []


def _unclassified_view(request):
    return HttpResponse("secret")


def _leaky_view(request, pk):
    # Checks the role but forgets to scope the object to the user's municipality.
    return HttpResponse(f"child {pk} for anyone in any municipality")


urlpatterns = [
    path("unclassified/", _unclassified_view, name="unclassified"),
    path(
        "leaky/<int:pk>/",
        municipality_route(Role.CASEWORKER, Role.TEAM_LEADER)(_leaky_view),
        name="leaky",
    ),
    *project_urlpatterns,
]


@override_settings(ROOT_URLCONF=__name__)
def test_the_matrix_catches_an_unclassified_route():
    assert unclassified() == ["unclassified/"]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_matrix_catches_a_view_that_leaks_to_another_municipality(users):
    leaky = next(r for r in iter_routes() if r.name == "leaky")
    own_object = users[("own", "caseworker")].team
    problems = check_route(leaky, f"/leaky/{own_object.pk}/", logged_in_clients(users))
    # The role check holds, but the view does not scope to the organisation: the matrix says so.
    assert any("('other', 'caseworker') must get 404, got 200" in p for p in problems), problems


ADMIN_REPRESENTATIVES = {
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:accounts_user_change",
    "admin:audit_accesslogentry_changelist",
}


@pytest.mark.django_db
def test_route_matrix(users, municipality, provider_org):
    samples = load_samples()
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    clients = logged_in_clients(users)
    problems: list[str] = []
    checked: list[Route] = []
    for route in iter_routes():
        if route.access_class is AccessClass.ADMIN and route.name not in ADMIN_REPRESENTATIVES:
            # Every admin page goes through the same guard (AdminSite.admin_view); the
            # representatives below exercise it, the classification test proves the rest use it.
            continue
        url = url_for(route, samples, ctx)
        problems += check_route(route, url, clients)
        checked.append(route)
    assert problems == []
    assert len(checked) >= 9


@pytest.mark.django_db
def test_registry_routes_keep_a_network_family_to_its_childs_municipality(
    users, municipality, provider_org
):
    """Every registry page: another municipality gets 404 on the family and never sees it listed."""
    private = load_private_samples()
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    for setup in private.setups:
        setup(ctx)
    assert private.names
    clients = logged_in_clients(users)
    problems: list[str] = []
    checked = 0
    for route in iter_routes():
        if route.access_class is not AccessClass.REGISTRY:
            continue
        if route.params and route.name not in private.samples:
            problems.append(f"{route.name}: add a PRIVATE_SAMPLES entry to route_samples.py")
            continue
        kwargs = private.samples[route.name](ctx) if route.params else {}
        url = reverse(route.name, kwargs=kwargs)
        checked += 1
        for (org, role), client in clients.items():
            if org not in ("own", "other") or role not in REGISTRY_READ_ROLES:
                continue
            response = client.get(url)
            text = response.content.decode()
            shown = [name for name in private.names if name in text]
            if org == "other" and route.params and response.status_code != 404:
                problems.append(
                    f"{route.name}: ({org}, {role}) must get 404, got {response.status_code}"
                )
            elif org == "other" and shown:
                problems.append(f"{route.name}: ({org}, {role}) sees {shown}")
            elif org == "own" and response.status_code != 200:
                problems.append(
                    f"{route.name}: ({org}, {role}) must be let in, got {response.status_code}"
                )
    assert problems == []
    assert checked >= 4
