# SPDX-License-Identifier: MPL-2.0
"""Sign-in through the organisation's identity provider, against the test provider: accounts
created and updated from claims, refusals with nothing written, bad answers refused, logout."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.models import ExternalIdentity, Role, User
from placematch.accounts.services import external_user_sign_in
from placematch.audit.models import AccessLogEntry, Action
from tests.oidc_provider import CASEWORKER, NO_ROLE, SLUG, TEAM_LEADER_WITH_MFA, Account


def sign_in(client: Client, provider, account: Account) -> tuple[object, dict[str, str]]:
    """Start at the login page's link, press the account's button at the provider, come back."""
    start = client.get(reverse("accounts:oidc_start", args=[SLUG]))
    assert start.status_code == 302
    params = {k: v[0] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    answer = requests.post(
        f"{provider.issuer}/authorize",
        data={**params, "account": account.sub},
        timeout=10,
        allow_redirects=False,
    )
    back = urlsplit(answer.headers["Location"])
    returned = {k: v[0] for k, v in parse_qs(back.query).items()}
    return client.get(f"{back.path}?{back.query}"), returned


def user_of(account: Account) -> User | None:
    identity = ExternalIdentity.objects.filter(subject=account.sub).select_related("user").first()
    return identity.user if identity else None


def test_first_sign_in_creates_the_caseworker_in_the_issuers_municipality(
    client, oidc_provider, municipality
):
    response, _ = sign_in(client, oidc_provider, CASEWORKER)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:dashboard")
    user = user_of(CASEWORKER)
    assert (user.organisation, user.role, user.get_full_name(), user.email) == (
        municipality,
        Role.CASEWORKER,
        "Testine Sagsbehandlersen",
        CASEWORKER.email,
    )
    assert not user.has_usable_password()
    assert AccessLogEntry.objects.filter(action=Action.CREATE, subject_id=str(user.pk)).exists()
    page = client.get(reverse("accounts:dashboard"))
    assert page.status_code == 200 and "Testine" in page.content.decode()


@pytest.mark.parametrize(
    ("rule", "account", "before", "role", "refusal"),
    [
        (
            "an existing account is updated from the claims",
            CASEWORKER,
            {"role": Role.ANALYST, "first_name": "Gammel", "is_active": True},
            Role.CASEWORKER,
            None,
        ),
        (
            "claims without a mapped role leave it unchanged",
            NO_ROLE,
            {"role": Role.ANALYST, "first_name": "Gammel", "is_active": True},
            Role.ANALYST,
            "no_role",
        ),
        (
            "a deactivated account is refused and unchanged",
            CASEWORKER,
            {"role": Role.ANALYST, "first_name": "Gammel", "is_active": False},
            Role.ANALYST,
            "deactivated",
        ),
    ],
)
def test_sign_in_of_an_existing_account(
    rule, account, before, role, refusal, oidc_provider, make_user, municipality
):
    config = municipality.identity_provider
    user = make_user(
        municipality, before["role"], first_name=before["first_name"], is_active=before["is_active"]
    )
    ExternalIdentity.objects.create(user=user, provider=config, subject=account.sub)
    claims = {
        "sub": account.sub,
        "given_name": account.given_name,
        "family_name": account.family_name,
        "email": account.email,
        "groups": account.groups,
    }
    outcome = external_user_sign_in(provider=config, claims=claims)
    user.refresh_from_db()
    assert (outcome.refusal or None, user.role) == (refusal and outcome.refusal, role), rule
    assert str(outcome.refusal or "") == (refusal or ""), rule
    assert (user.first_name == "Gammel") is (refusal is not None), rule


def test_no_mapped_role_is_refused_with_a_page_and_no_account(client, oidc_provider):
    response, _ = sign_in(client, oidc_provider, NO_ROLE)
    assert response.status_code == 400 and "no-store" in response["Cache-Control"]
    assert "ingen rolle" in response.content.decode()
    assert (
        not ExternalIdentity.objects.exists()
        and not User.objects.filter(email=NO_ROLE.email).exists()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("mode", "reason"), [("forge", "invalid"), ("expired", "invalid")])
def test_a_forged_or_expired_id_token_is_refused(client, oidc_provider, mode, reason):
    oidc_provider.mode = mode
    response, _ = sign_in(client, oidc_provider, CASEWORKER)
    assert response.status_code == 400
    assert f'data-reason="{reason}"' in response.content.decode()
    assert not ExternalIdentity.objects.exists() and "_auth_user_id" not in client.session


def test_a_wrong_state_a_replay_and_a_provider_error_are_refused(client, oidc_provider):
    callback = reverse("accounts:oidc_callback")
    client.get(reverse("accounts:oidc_start", args=[SLUG]))
    wrong = client.get(callback, {"code": "x", "state": "not-the-state"})
    assert wrong.status_code == 400 and 'data-reason="state"' in wrong.content.decode()
    assert client.get(callback).status_code == 400
    response, returned = sign_in(client, oidc_provider, CASEWORKER)
    assert response.status_code == 302
    client.logout()
    replay = client.get(callback, returned)
    assert 'data-reason="state"' in replay.content.decode()
    start = client.get(reverse("accounts:oidc_start", args=[SLUG]))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    error = client.get(callback, {"error": "access_denied", "state": state})
    assert 'data-reason="provider_error"' in error.content.decode()
    assert "Testkommunens login" in error.content.decode()


def test_two_factor_is_trusted_only_when_the_provider_proves_it(client, oidc_provider, settings):
    settings.OTP_REQUIRED = True
    response, _ = sign_in(client, oidc_provider, TEAM_LEADER_WITH_MFA)
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    assert user_of(TEAM_LEADER_WITH_MFA).role == Role.TEAM_LEADER

    other = Client()
    sign_in(other, oidc_provider, CASEWORKER)
    assert other.get(reverse("accounts:dashboard"))["Location"] == reverse(
        "accounts:two_factor_setup"
    )
    other.logout()
    TOTPDevice.objects.create(user=user_of(CASEWORKER), name="app", confirmed=True)
    response, _ = sign_in(other, oidc_provider, CASEWORKER)
    assert response["Location"] == reverse("accounts:login_verify")


def test_a_session_ends_when_the_account_is_deactivated(client, oidc_provider):
    sign_in(client, oidc_provider, CASEWORKER)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    User.objects.filter(pk=user_of(CASEWORKER).pk).update(is_active=False)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_logout_ends_the_providers_session_too(client, oidc_provider):
    sign_in(client, oidc_provider, CASEWORKER)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    target = urlsplit(response.context["logout"].url)
    assert (
        f"{target.scheme}://{target.netloc}{target.path}" == f"{oidc_provider.issuer}/end_session"
    )
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [oidc_provider.issued_id_tokens[-1]]
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert "_auth_user_id" not in client.session


HOSTILE = ["", "x" * 5000, "' OR 1=1 --", "<script>alert(1)</script>", "\u202eevil", "../../etc"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_callback_and_start_values_are_refused_without_a_server_error(
    client, oidc_provider, value
):
    client.get(reverse("accounts:oidc_start", args=[SLUG]))
    for query in (
        {"state": value, "code": value},
        {"state": value, "error": value},
        {"code": value},
    ):
        response = client.get(reverse("accounts:oidc_callback"), query)
        assert response.status_code == 400 and 'data-reason="state"' in response.content.decode()
    start = client.get(reverse("accounts:oidc_start", args=[SLUG]), {"next": value})
    assert start.status_code == 302 and start["Location"].startswith(oidc_provider.issuer)
    assert not ExternalIdentity.objects.exists()


def test_an_unreachable_or_unfinished_provider_is_refused_with_its_name(
    client, oidc_provider, municipality, settings
):
    start = reverse("accounts:oidc_start", args=[SLUG])
    secrets = settings.OIDC_CLIENT_SECRETS
    settings.OIDC_CLIENT_SECRETS = {}  # set up in the admin, not yet in the environment
    response = client.get(start)
    assert response.status_code == 400
    assert "Testkommunens login svarede ikke" in response.content.decode()
    settings.OIDC_CLIENT_SECRETS = secrets
    assert client.get(start).status_code == 302
    config = municipality.identity_provider
    config.issuer = "http://127.0.0.1:9/nobody"  # the discard port: nothing answers
    config.save()
    response = client.get(start)
    assert response.status_code == 400
    assert "Testkommunens login svarede ikke" in response.content.decode()
