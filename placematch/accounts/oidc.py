# SPDX-License-Identifier: MPL-2.0
"""accounts: OpenID Connect sign-in per organisation, on mozilla-django-oidc (ADR 0016).

The library reads one provider's settings; here each view and the backend answer its
``get_settings`` with the chosen organisation's provider instead: endpoints from the issuer's
discovery document, client id from the database, client secret from the environment.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]

from placematch.accounts import services
from placematch.accounts.claims import Refusal
from placematch.accounts.models import IdentityProvider, User

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "accounts:oidc_callback"
# Session keys: the provider a session signed in through, and whether it proved two factors.
PROVIDER_KEY = "placematch_oidc_provider"
TWO_FACTOR_KEY = "placematch_oidc_two_factor"
ID_TOKEN_KEY = "oidc_id_token"  # noqa: S105  (the library's session key; kept only for logout)
DISCOVERY_SECONDS = 60 * 60
TIMEOUT_SECONDS = 10
SIGN_ALGORITHM = "RS256"


class ProviderUnavailableError(Exception):
    """The provider's discovery document could not be read or does not fit its issuer."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str
    end_session: str


def endpoints_for(provider: IdentityProvider) -> Endpoints:
    """The provider's endpoints from its discovery document, cached for an hour."""
    key = f"oidc-discovery:{provider.pk}:{provider.issuer}"
    cached = cache.get(key)
    if isinstance(cached, Endpoints):
        return cached
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
        if document.get("issuer") != provider.issuer:
            raise ProviderUnavailableError("issuer in discovery document differs")
        endpoints = Endpoints(
            authorization=str(document["authorization_endpoint"]),
            token=str(document["token_endpoint"]),
            userinfo=str(document["userinfo_endpoint"]),
            jwks=str(document["jwks_uri"]),
            end_session=str(document.get("end_session_endpoint") or ""),
        )
    except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.warning("identity provider discovery failed", extra={"provider": provider.slug})
        raise ProviderUnavailableError(str(type(exc).__name__)) from exc
    cache.set(key, endpoints, DISCOVERY_SECONDS)
    return endpoints


def client_secret(provider: IdentityProvider) -> str:
    return str(settings.OIDC_CLIENT_SECRETS.get(provider.slug, ""))


def common_settings(provider: IdentityProvider) -> dict[str, Any]:
    """The library's settings that are the same for the views and the backend."""
    return {
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_SCOPES": provider.scopes,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
        "OIDC_USE_PKCE": True,
        "OIDC_USE_NONCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_REDIRECT_FIELD_NAME": "next",
        "OIDC_STORE_ID_TOKEN": True,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_VERIFY_SSL": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_RP_SIGN_ALGO": SIGN_ALGORITHM,
    }


@dataclass(frozen=True)
class ProviderLogout:
    url: str
    provider_name: str


def provider_logout(
    request: HttpRequest, provider_id: object, id_token: object
) -> ProviderLogout | None:
    """Where to send the browser so the provider ends its session too (RP-initiated logout)."""
    provider = (
        IdentityProvider.objects.filter(pk=provider_id).first()
        if isinstance(provider_id, int)
        else None
    )
    if provider is None or not isinstance(id_token, str) or not id_token:
        return None
    try:
        endpoint = endpoints_for(provider).end_session
    except ProviderUnavailableError:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": provider.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(
                reverse(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return ProviderLogout(url=f"{endpoint}?{query}", provider_name=provider.name)


class ProviderBackend(OIDCAuthenticationBackend):
    """Signs in through the provider the callback names; answers None to password logins.

    A refusal is left on ``request.oidc_refusal`` for the callback view to explain.
    """

    provider: IdentityProvider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library's __init__ reads one global provider; ours is chosen per sign-in.
        self.UserModel = get_user_model()

    def get_settings(self, attr: str, *args: Any) -> Any:
        values = common_settings(self.provider)
        if attr in values:
            return values[attr]
        return super().get_settings(attr, *args)

    def authenticate(
        self,
        request: HttpRequest | None,
        provider: IdentityProvider | None = None,
        **kwargs: Any,
    ) -> User | None:
        if request is None or provider is None:
            return None
        self.provider = provider
        try:
            endpoints = endpoints_for(provider)
        except ProviderUnavailableError:
            request.oidc_refusal = Refusal.UNAVAILABLE  # type: ignore[attr-defined]
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = client_secret(provider)
        self.OIDC_RP_SIGN_ALGO = SIGN_ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            user = super().authenticate(request, **kwargs)
        except requests.RequestException:
            request.oidc_refusal = Refusal.UNAVAILABLE  # type: ignore[attr-defined]
            return None
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
            logger.warning(
                "identity provider answer refused",
                extra={"provider": provider.slug, "reason": type(exc).__name__},
            )
            request.oidc_refusal = Refusal.INVALID  # type: ignore[attr-defined]
            return None
        if user is None and not hasattr(request, "oidc_refusal"):
            request.oidc_refusal = Refusal.INVALID  # type: ignore[attr-defined]
        return user

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user of a session, with the organisation; a deactivated one is not.

        The library's version skips the active check that Django's backends make, so a session
        would outlive the account's deactivation.
        """
        user = User.objects.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The library checks the signature; we also require our audience, the issuer and times."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != SIGN_ALGORITHM:
            raise SuspiciousOperation("unexpected signing algorithm")
        claims: dict[str, Any] = jwt.decode(
            payload,
            key,
            algorithms=[SIGN_ALGORITHM],
            audience=self.provider.client_id,
            issuer=self.provider.issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            leeway=60,
        )
        return claims

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        # Two-factor proof is read from the signed ID token only, never from userinfo.
        claims = {key: value for key, value in userinfo.items() if key not in ("acr", "amr")}
        claims.update({key: payload[key] for key in ("acr", "amr") if key in payload})
        outcome = services.external_user_sign_in(
            provider=self.provider, claims=claims, request=self.request
        )
        self.request.oidc_refusal = outcome.refusal
        self.request.oidc_two_factor = outcome.two_factor
        return outcome.user
