# SPDX-License-Identifier: MPL-2.0
"""Login with password and authenticator code, lockout, logout and the two-factor set-up."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.tests.factories import TEST_PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.django_db
def test_login_page_is_danish_by_default(client):
    response = client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "Brugernavn" in html and "Adgangskode" in html


@pytest.mark.django_db
def test_password_login_without_authenticator_reaches_the_dashboard(client, caseworker):
    response = client.post(
        "/login/", {"username": caseworker.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Velkommen" in response.content.decode()


@pytest.mark.django_db
def test_wrong_password_shows_a_clear_danish_message(client, caseworker):
    response = client.post("/login/", {"username": caseworker.username, "password": "nope"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_empty_login_form_names_the_missing_fields(client):
    response = client.post("/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.content.decode().count("form-error-message") == 2


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, caseworker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": caseworker.username, "password": "wrong"})
    response = client.post("/login/", {"username": caseworker.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Kontoen er låst lige nu" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_with_authenticator_needs_the_code(client, caseworker, settings):
    # django-otp slows retries down after a wrong code; here the second try comes at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    response = client.post("/login/", {"username": caseworker.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/login/code/"
    assert "_auth_user_id" not in client.session
    wrong = client.post(
        "/login/code/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "Koden er forkert" in wrong.content.decode()
    response = client.post("/login/code/", {"token": _code(device)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(caseworker.pk)
    assert client.session.get("otp_device_id")


@pytest.mark.django_db
def test_code_page_refuses_letters(client, caseworker):
    TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    client.post("/login/", {"username": caseworker.username, "password": TEST_PASSWORD})
    response = client.post("/login/code/", {"token": "abcdef"})
    assert "Koden består kun af cifre" in response.content.decode()


@pytest.mark.django_db
def test_code_page_without_a_password_step_goes_back_to_login(client):
    response = client.get("/login/code/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"


@pytest.mark.django_db
def test_required_two_factor_sends_users_to_set_up_and_confirms(client, caseworker, settings):
    settings.OTP_REQUIRED = True
    client.post("/login/", {"username": caseworker.username, "password": TEST_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/"
    page = client.get("/account/two-factor/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    response = client.post(
        "/account/two-factor/", {"current": TEST_PASSWORD, "token": _code(device)}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_next_parameter_cannot_send_users_to_another_site(client, caseworker):
    response = client.post(
        "/login/?next=https://evil.example/",
        {"username": caseworker.username, "password": TEST_PASSWORD},
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client, caseworker):
    client.force_login(caseworker)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/", follow=True)
    assert "Du er logget ud" in response.content.decode()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_missing_csrf_token_gets_a_clear_page_not_a_500(caseworker):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": caseworker.username, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.content.decode()
