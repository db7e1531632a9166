# SPDX-License-Identifier: MPL-2.0
"""A small OpenID Connect provider for tests, on 127.0.0.1 in a thread, signing with joserfc.

It serves discovery, JWKS, authorize (a page with one button per test account), token (with
PKCE S256), userinfo and end_session, and can be told to forge or expire its ID tokens.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from placematch.accounts.models import ClaimRoleRule, IdentityProvider, Organisation

CLIENT_ID = "placematch-test"
CLIENT_SECRET = "test-client-secret-not-for-production"
SLUG = "testlogin"
KID = "test-key-1"
Start = Callable[[int, list[tuple[str, str]]], Any]


@dataclass
class Account:
    """A person the provider can sign in, with the claims it gives about them."""

    sub: str
    given_name: str
    family_name: str
    email: str
    groups: list[str]
    amr: list[str] = field(default_factory=lambda: ["pwd"])

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass
class Grant:
    account: Account
    redirect_uri: str
    nonce: str
    challenge: str


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class TestProvider:
    """The provider; ``mode`` is "ok", "forge" (signed by another key) or "expired"."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, accounts: Iterable[Account]) -> None:
        params = {"kid": KID, "alg": "RS256", "use": "sig"}
        self.key = RSAKey.generate_key(2048, parameters=params)
        self.forger = RSAKey.generate_key(2048, parameters=params)
        self.accounts = {account.sub: account for account in accounts}
        self.mode = "ok"
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, Account] = {}
        self.ended_sessions: list[dict[str, str]] = []
        self.issued_id_tokens: list[str] = []
        self.server = make_server("127.0.0.1", 0, self.app, _Server, _QuietHandler)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TestProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- WSGI ---------------------------------------------------------------------------------

    def app(self, environ: dict[str, Any], start: Start) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        form: dict[str, str] = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode()
            form = {k: v[0] for k, v in parse_qs(body).items()}
        routes = {
            ("GET", "/.well-known/openid-configuration"): self.discovery,
            ("GET", "/jwks"): self.jwks,
            ("GET", "/authorize"): self.authorize_page,
            ("POST", "/authorize"): self.authorize,
            ("POST", "/token"): self.token,
            ("GET", "/userinfo"): self.userinfo,
            ("GET", "/end_session"): self.end_session,
        }
        handler = routes.get((method, path))
        if handler is None:
            return _answer(start, "404 Not Found", {"error": "not_found"})
        return handler(start, query, form, environ)

    def discovery(self, start: Start, *_: Any) -> Iterable[bytes]:
        return _answer(
            start,
            "200 OK",
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "end_session_endpoint": f"{self.issuer}/end_session",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            },
        )

    def jwks(self, start: Start, *_: Any) -> Iterable[bytes]:
        return _answer(start, "200 OK", {"keys": [self.key.as_dict(private=False)]})

    def authorize_page(
        self, start: Start, query: dict[str, str], form: dict[str, str], environ: Any
    ) -> Iterable[bytes]:
        if query.get("client_id") != CLIENT_ID or query.get("code_challenge_method") != "S256":
            return _answer(start, "400 Bad Request", {"error": "invalid_request"})
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        buttons = "".join(
            f'<form method="post" action="/authorize">{hidden}'
            f'<button name="account" value="{html.escape(sub)}">'
            f"Log ind som {html.escape(account.name)}</button></form>"
            for sub, account in self.accounts.items()
        )
        page = f"<!doctype html><title>Testlogin</title><h1>Testlogin</h1>{buttons}"
        start("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    def authorize(
        self, start: Start, query: dict[str, str], form: dict[str, str], environ: Any
    ) -> Iterable[bytes]:
        account = self.accounts[form["account"]]
        code = secrets.token_urlsafe(24)
        self.grants[code] = Grant(
            account=account,
            redirect_uri=form["redirect_uri"],
            nonce=form.get("nonce", ""),
            challenge=form["code_challenge"],
        )
        target = form["redirect_uri"] + "?" + urlencode({"code": code, "state": form["state"]})
        start("302 Found", [("Location", target)])
        return [b""]

    def token(
        self, start: Start, query: dict[str, str], form: dict[str, str], environ: Any
    ) -> Iterable[bytes]:
        grant = self.grants.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if (
            grant is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant.redirect_uri
            or challenge != grant.challenge
        ):
            return _answer(start, "400 Bad Request", {"error": "invalid_grant"})
        now = int(time.time())
        account = grant.account
        claims = {
            "iss": self.issuer,
            "sub": account.sub,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            "amr": account.amr,
        }
        if self.mode == "expired":
            claims.update(iat=now - 3600, exp=now - 1800)
        key = self.forger if self.mode == "forge" else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": KID}, claims, key)
        self.issued_id_tokens.append(id_token)
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = account
        return _answer(
            start,
            "200 OK",
            {"access_token": access_token, "token_type": "Bearer", "id_token": id_token},
        )

    def userinfo(
        self, start: Start, query: dict[str, str], form: dict[str, str], environ: Any
    ) -> Iterable[bytes]:
        bearer = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
        account = self.tokens.get(bearer)
        if account is None:
            return _answer(start, "401 Unauthorized", {"error": "invalid_token"})
        return _answer(
            start,
            "200 OK",
            {
                "sub": account.sub,
                "given_name": account.given_name,
                "family_name": account.family_name,
                "email": account.email,
                "email_verified": True,
                "groups": account.groups,
            },
        )

    def end_session(
        self, start: Start, query: dict[str, str], form: dict[str, str], environ: Any
    ) -> Iterable[bytes]:
        self.ended_sessions.append(query)
        target = query.get("post_logout_redirect_uri")
        if target:
            start("302 Found", [("Location", target)])
            return [b""]
        return _answer(start, "200 OK", {"ended": True})


def _answer(start: Start, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    start(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


# Fictitious staff from the fixed name list; one has no group the organisation maps.
CASEWORKER = Account(
    sub="a1b2c3-caseworker",
    given_name="Testine",
    family_name="Sagsbehandlersen",
    email="testine@testkommune.example",
    groups=["alle-ansatte", "placematch-sagsbehandler"],
)
TEAM_LEADER_WITH_MFA = Account(
    sub="d4e5f6-teamleader",
    given_name="Testolf",
    family_name="Ledersen",
    email="testolf@testkommune.example",
    groups=["placematch-teamleder", "placematch-sagsbehandler"],
    amr=["pwd", "mfa"],
)
NO_ROLE = Account(
    sub="g7h8i9-no-role",
    given_name="Prøvine",
    family_name="Udenrollesen",
    email="provine@testkommune.example",
    groups=["alle-ansatte"],
)


def configure(provider: TestProvider, organisation: Organisation) -> IdentityProvider:
    """The organisation's identity-provider row and its role rules, pointing at the provider."""
    config = IdentityProvider.objects.create(
        organisation=organisation,
        slug=SLUG,
        name="Testkommunens login",
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        two_factor_claim=IdentityProvider.TwoFactorClaim.AMR,
        two_factor_values="mfa",
    )
    ClaimRoleRule.objects.bulk_create(
        [
            ClaimRoleRule(
                provider=config, value="placematch-teamleder", role="team_leader", priority=10
            ),
            ClaimRoleRule(
                provider=config, value="placematch-sagsbehandler", role="caseworker", priority=20
            ),
        ]
    )
    return config


@pytest.fixture(scope="session")
def test_provider() -> Iterator[TestProvider]:
    with TestProvider([CASEWORKER, TEAM_LEADER_WITH_MFA, NO_ROLE]) as provider:
        yield provider


@pytest.fixture
def oidc_provider(test_provider, municipality, settings) -> Iterator[TestProvider]:
    """The running provider, configured as the municipality's, in its normal mode."""
    settings.OIDC_CLIENT_SECRETS = {SLUG: CLIENT_SECRET}
    test_provider.mode = "ok"
    test_provider.ended_sessions.clear()
    configure(test_provider, municipality)
    yield test_provider
    test_provider.mode = "ok"
