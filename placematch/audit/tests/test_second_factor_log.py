# SPDX-License-Identifier: MPL-2.0
"""A change of a user's second factor is written to the access log; a refused one is not."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.audit.models import AccessLogEntry, Action

URL = "/account/two-factor/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _changes() -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(object_type="otp_totp.totpdevice"))


@pytest.fixture
def signed_in(caseworker, settings) -> Client:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    client.force_login(caseworker)
    return client


def _new_device(client: Client, caseworker) -> TOTPDevice:
    assert client.get(URL).status_code == 200
    return TOTPDevice.objects.get(user=caseworker, confirmed=False)


@pytest.mark.django_db
def test_a_replaced_authenticator_writes_one_row_about_the_account(signed_in, caseworker):
    TOTPDevice.objects.create(user=caseworker, name="old phone", confirmed=True)
    new = _new_device(signed_in, caseworker)
    response = signed_in.post(URL, {"current": TEST_PASSWORD, "token": _code(new)})
    assert response.status_code == 302
    [entry] = _changes()
    assert entry.action == Action.UPDATE
    assert entry.user == caseworker
    assert entry.organisation_id == caseworker.organisation_id
    assert (entry.subject_type, entry.subject_id) == ("accounts.user", str(caseworker.pk))
    assert entry.object_id == str(new.pk)
    assert entry.detail == {"second_factor": "replaced"}
    assert entry.route == "accounts:two_factor_setup"


@pytest.mark.django_db
def test_a_first_authenticator_is_logged_as_added(signed_in, caseworker):
    new = _new_device(signed_in, caseworker)
    signed_in.post(URL, {"current": TEST_PASSWORD, "token": _code(new)})
    [entry] = _changes()
    assert entry.detail == {"second_factor": "added"}


@pytest.mark.django_db
def test_a_refused_change_writes_no_change_and_a_wrong_password_a_failed_login(
    signed_in, caseworker
):
    TOTPDevice.objects.create(user=caseworker, name="old phone", confirmed=True)
    new = _new_device(signed_in, caseworker)
    signed_in.post(URL, {"token": _code(new)})
    assert _changes() == []
    assert not AccessLogEntry.objects.filter(action=Action.LOGIN_FAILED).exists()
    signed_in.post(URL, {"current": "not-the-password", "token": _code(new)})
    assert _changes() == []
    failed = AccessLogEntry.objects.get(action=Action.LOGIN_FAILED)
    assert failed.username == caseworker.username
