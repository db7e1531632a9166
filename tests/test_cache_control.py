# SPDX-License-Identifier: MPL-2.0
"""Responses that may carry personal data are never cached; static files still are."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from placematch.core.routes import AccessClass
from placematch.involvement.services import link_issue
from placematch.involvement.tests import specs
from tests.route_matrix import (
    SampleContext,
    expected_denied,
    iter_routes,
    load_samples,
    url_for,
)


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_every_page_a_signed_in_user_gets_is_kept_out_of_caches(users, municipality, provider_org):
    samples = load_samples()
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    clients: dict[tuple[str, str], Client] = {}
    cached: list[str] = []
    answered: list[str] = []
    for route in iter_routes():
        if route.access_class in (AccessClass.TOKEN, AccessClass.PUBLIC):
            continue
        if route.access_class is AccessClass.ADMIN and route.name != "admin:index":
            continue
        url = url_for(route, samples, ctx)
        # The first user of a class the route lets in, as the route matrix decides it.
        key = next(k for k in sorted(users) if not expected_denied(route, k))
        if key not in clients:
            clients[key] = Client()
            clients[key].force_login(users[key])
        response = clients[key].get(url)
        if response.status_code != 200:
            continue
        answered.append(route.name)
        if not _no_store(response):
            cached.append(f"{route.name} as {key}: {response.get('Cache-Control')!r}")
    assert cached == []
    # Pages of every kind were answered, the decision's PDFs among them.
    assert len(answered) > 40
    assert {"decisions:decision_basis", "decisions:decision_letter"} <= set(answered)
    assert "accounts:dashboard" in answered


@pytest.mark.django_db
def test_an_htmx_partial_is_kept_out_of_caches(users):
    client = Client()
    client.force_login(users[("own", "caseworker")])
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_a_secure_link_form_is_kept_out_of_caches(municipality, make_user):
    from placematch.accounts.models import Role

    specs.register_test_specs()
    caseworker = make_user(municipality, Role.CASEWORKER)
    _link, token = link_issue(
        actor=caseworker, form_key=specs.KEY, subject_id=f"{municipality.pk}-7"
    )
    visitor = Client()
    opened = visitor.get(f"/l/{token}/")
    assert opened.status_code == 302
    assert _no_store(opened)
    form = visitor.get(opened["Location"])
    assert form.status_code == 200
    assert _no_store(form)


@pytest.mark.django_db
def test_an_anonymous_visitor_without_a_session_gets_no_header_added(client):
    # Nothing personal can be in a response to a visitor without a session.
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response.has_header("Cache-Control")


@pytest.mark.django_db
def test_static_files_stay_cacheable_for_a_signed_in_user(users):
    client = Client()
    client.force_login(users[("own", "caseworker")])
    url = staticfiles_storage.url("vendor/htmx/htmx.min.js")
    assert url.startswith(settings.STATIC_URL)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]
