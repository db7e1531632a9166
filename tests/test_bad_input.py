# SPDX-License-Identifier: MPL-2.0
"""Bad input anywhere gets a clear page in the common look, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/children/not-a-number/",
        "/providers/%00/",
        "/admin/accounts/user/abc/change/",
        "/l/this-is-not-a-token/",
        "/no/such/page/",
        "/login/code/?next=%ff",
    ],
)
def test_malformed_urls_answer_a_friendly_page(client_for, caseworker, url):
    response = client_for(caseworker).get(url)
    assert response.status_code in (302, 404)
    if response.status_code == 404:
        html = response.content.decode()
        assert "Vi kan ikke finde siden" in html or "link" in html.lower()


@pytest.mark.django_db
def test_unknown_language_code_changes_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "xx-klingon", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/")
    assert '<html lang="da">' in page.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "User name" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "da", "next": "/login/"})
    assert "Brugernavn" in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_language_switch_ignores_an_outside_next_address(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_server_error_page_is_in_the_common_look(client, settings):
    from django.test import RequestFactory

    from placematch.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Der gik noget galt" in response.content.decode()


@pytest.mark.django_db
def test_health_check(client):
    assert client.get("/health/").json() == {"status": "ok"}
