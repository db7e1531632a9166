# SPDX-License-Identifier: MPL-2.0
"""Changing the second factor needs the password or a current code; the user is told."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.tests.factories import TEST_PASSWORD

URL = "/account/two-factor/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _other_code(device: TOTPDevice) -> str:
    return "000000" if _code(device) != "000000" else "111111"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    # django-otp slows retries after a wrong code; these tests try again at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def signed_in(caseworker) -> Client:
    client = Client()
    client.force_login(caseworker)
    return client


@pytest.fixture
def old_device(caseworker) -> TOTPDevice:
    return TOTPDevice.objects.create(user=caseworker, name="old phone", confirmed=True)


def _new_device(client: Client, caseworker) -> TOTPDevice:
    page = client.get(URL)
    assert page.status_code == 200
    return TOTPDevice.objects.get(user=caseworker, confirmed=False)


@pytest.mark.django_db
def test_replacing_without_password_or_code_is_refused_and_nothing_changes(
    signed_in, caseworker, old_device, mailoutbox
):
    new = _new_device(signed_in, caseworker)
    response = signed_in.post(URL, {"token": _code(new)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv din adgangskode eller en kode fra den godkendelsesapp, du bruger nu." in html
    assert TOTPDevice.objects.get(pk=old_device.pk).confirmed
    new.refresh_from_db()
    assert not new.confirmed
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_page_says_which_app_each_code_comes_from(signed_in, caseworker, old_device):
    html = signed_in.get(URL).content.decode()
    assert "Din adgangskode eller en kode fra den godkendelsesapp, du bruger nu" in html
    assert "Kode fra den nye godkendelsesapp" in html


@pytest.mark.django_db
def test_a_first_set_up_asks_for_the_password_and_the_apps_code(signed_in):
    html = signed_in.get(URL).content.decode()
    assert "Din adgangskode" in html and "Kode fra din godkendelsesapp" in html
    assert "den nye godkendelsesapp" not in html


@pytest.mark.django_db
def test_a_wrong_password_is_refused(signed_in, caseworker, old_device):
    new = _new_device(signed_in, caseworker)
    response = signed_in.post(URL, {"current": "not-the-password", "token": _code(new)})
    assert "hverken din adgangskode eller en gyldig kode" in response.content.decode()
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).get() == old_device


@pytest.mark.django_db
def test_a_code_for_the_new_device_does_not_prove_the_old_one(signed_in, caseworker, old_device):
    new = _new_device(signed_in, caseworker)
    response = signed_in.post(URL, {"current": _code(new), "token": _code(new)})
    assert "hverken din adgangskode" in response.content.decode()
    new.refresh_from_db()
    assert not new.confirmed


@pytest.mark.django_db
def test_replacing_with_the_password_works_and_is_told(
    signed_in, caseworker, old_device, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker.email = "testine@kommune.example"
    caseworker.save(update_fields=["email"])
    new = _new_device(signed_in, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(URL, {"current": TEST_PASSWORD, "token": _code(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=caseworker)) == [new]
    new.refresh_from_db()
    assert new.confirmed
    page = signed_in.get(response["Location"]).content.decode()
    assert "Din godkendelsesapp er skiftet ud" in page
    assert "sendt dig en e-mail" in page
    [mail] = mailoutbox
    assert mail.to == ["testine@kommune.example"]
    assert mail.subject == "Dit to-faktor-login er ændret"
    assert caseworker.username in mail.body
    assert "skiftet ud" in mail.body
    assert TEST_PASSWORD not in mail.body


@pytest.mark.django_db
def test_replacing_with_a_code_from_the_current_device_works(
    signed_in, caseworker, old_device, mailoutbox
):
    new = _new_device(signed_in, caseworker)
    response = signed_in.post(URL, {"current": _code(old_device), "token": _code(new)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    # No e-mail address on the account: the page notice is the only notice.
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_wrong_new_code_changes_nothing_even_with_the_password(signed_in, caseworker, old_device):
    new = _new_device(signed_in, caseworker)
    response = signed_in.post(URL, {"current": TEST_PASSWORD, "token": _other_code(new)})
    assert "Koden er forkert" in response.content.decode()
    assert TOTPDevice.objects.get(pk=old_device.pk).confirmed


@pytest.mark.django_db
def test_a_first_authenticator_needs_the_password(signed_in, caseworker):
    new = _new_device(signed_in, caseworker)
    refused = signed_in.post(URL, {"token": _code(new)})
    assert "Skriv din adgangskode for at opsætte to-faktor-login." in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    response = signed_in.post(URL, {"current": TEST_PASSWORD, "token": _code(new)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=caseworker).confirmed
