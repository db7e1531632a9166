# SPDX-License-Identifier: MPL-2.0
"""In a real browser, through the test identity provider: a user without a mapped role is
refused and gets no account; a caseworker lands in the right municipality and role; logging
out ends the provider's session too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from placematch.accounts.models import ExternalIdentity, Role
from tests.browser import assert_accessible, screenshot
from tests.oidc_provider import CASEWORKER, NO_ROLE


@pytest.mark.e2e
def test_a_caseworker_signs_in_with_the_municipalitys_login_and_out_of_both(
    page, live_server, oidc_provider, municipality
):
    page.goto("/login/")
    assert_accessible(page, "Log ind")
    page.get_by_role("link", name="Log ind med Testkommunens login").click()
    page.get_by_role("button", name=f"Log ind som {NO_ROLE.name}").click()
    assert_accessible(page, "Du er ikke logget ind")
    expect(page.get_by_role("alert")).to_contain_text(
        "Testkommunens login har logget dig ind, men din konto der giver dig ingen rolle"
    )
    assert not ExternalIdentity.objects.filter(subject=NO_ROLE.sub).exists()
    screenshot(page, "oidc-refused")

    page.get_by_role("link", name="Tilbage til login-siden").click()
    page.get_by_role("link", name="Log ind med Testkommunens login").click()
    page.get_by_role("button", name=f"Log ind som {CASEWORKER.name}").click()
    assert_accessible(page, "Velkommen, Testine")
    expect(page.locator("main .font-lead")).to_have_text(f"{municipality.name} · Sagsbehandler")
    user = ExternalIdentity.objects.get(subject=CASEWORKER.sub).user
    assert (user.organisation_id, user.role) == (municipality.pk, Role.CASEWORKER)

    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    assert_accessible(page, "Log ind")
    [ended] = oidc_provider.ended_sessions
    assert ended["id_token_hint"] == oidc_provider.issued_id_tokens[-1]
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
