# SPDX-License-Identifier: MPL-2.0
"""accounts: sign-in through the organisation's identity provider (start, callback, refusal)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView  # type: ignore[import-untyped]

from placematch.accounts import selectors
from placematch.accounts.claims import Refusal
from placematch.accounts.models import IdentityProvider
from placematch.accounts.oidc import (
    PROVIDER_KEY,
    TWO_FACTOR_KEY,
    ProviderUnavailableError,
    client_secret,
    common_settings,
    endpoints_for,
)
from placematch.accounts.views import PENDING_KEY, safe_next_url
from placematch.core.routes import public

logger = logging.getLogger(__name__)
STATES_KEY = "oidc_states"  # the library's: state -> nonce, PKCE verifier (and our provider)
NEXT_KEY = "oidc_login_next"  # the library's


def refusal_text(reason: Refusal, provider: IdentityProvider | None) -> str:
    name = provider.name if provider is not None else _("your identity provider")
    texts = {
        Refusal.NO_ROLE: _(
            "%(provider)s signed you in, but your account there gives you no role in "
            "Styrket match. No account was created. Ask your administrator for access."
        ),
        Refusal.DEACTIVATED: _(
            "Your account in Styrket match is deactivated. Ask your administrator if you "
            "should have access again."
        ),
        Refusal.NO_SUBJECT: _(
            "%(provider)s did not say who you are, so you are not signed in. Tell your "
            "administrator."
        ),
        Refusal.STATE: _(
            "The sign-in was too old, was used already or was started in another window. "
            "Start again from the login page."
        ),
        Refusal.PROVIDER_ERROR: _(
            "%(provider)s did not sign you in. Try again, or ask your administrator."
        ),
        Refusal.INVALID: _(
            "The answer from %(provider)s could not be trusted, so you are not signed in. "
            "Try again. If it happens again, tell your administrator."
        ),
        Refusal.UNAVAILABLE: _(
            "%(provider)s did not answer, so you are not signed in. Try again in a moment."
        ),
    }
    return texts[reason] % {"provider": name}


def refused(
    request: HttpRequest, reason: Refusal, provider: IdentityProvider | None
) -> HttpResponse:
    response = render(
        request,
        "accounts/oidc_refused.html",
        {"reason": reason.value, "text": refusal_text(reason, provider)},
        status=400,
    )
    return response


@method_decorator(never_cache, name="dispatch")
class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the organisation's provider, with state, nonce and PKCE."""

    provider: IdentityProvider

    def __init__(self, **kwargs: Any) -> None:
        # The library's __init__ reads one global provider; ours comes from the address.
        View.__init__(self, **kwargs)

    def get_settings(self, attr: str, *args: Any) -> Any:
        values = common_settings(self.provider)
        if attr in values:
            return values[attr]
        return super().get_settings(attr, *args)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = selectors.active_identity_providers().filter(slug=slug).first()
        if provider is None:
            raise Http404
        self.provider = provider
        if not client_secret(provider):
            # Set up in the database but not in the environment: the token request would fail.
            logger.warning("identity provider has no client secret", extra={"provider": slug})
            return refused(request, Refusal.UNAVAILABLE, provider)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoints_for(provider).authorization
        except ProviderUnavailableError:
            return refused(request, Refusal.UNAVAILABLE, provider)
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response: HttpResponseRedirect = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        request.session[STATES_KEY][state]["provider"] = provider.pk
        request.session.modified = True
        return response


@method_decorator(never_cache, name="dispatch")
class CallbackView(View):
    """The provider's answer: check state, let the backend check the tokens, then sign in."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        states = request.session.get(STATES_KEY)
        entry = states.pop(state, None) if isinstance(states, dict) else None
        if not isinstance(entry, dict):
            return refused(request, Refusal.STATE, None)
        # Used once: a replayed answer finds no state.
        request.session.modified = True
        request.session.save()
        provider_id = entry.get("provider")
        provider = (
            selectors.active_identity_providers().filter(pk=provider_id).first()
            if isinstance(provider_id, int)
            else None
        )
        if provider is None:
            return refused(request, Refusal.STATE, None)
        if request.GET.get("error"):
            return refused(request, Refusal.PROVIDER_ERROR, provider)
        if not request.GET.get("code"):
            return refused(request, Refusal.INVALID, provider)
        user = authenticate(
            request,
            provider=provider,
            nonce=entry.get("nonce"),
            code_verifier=entry.get("code_verifier"),
        )
        if user is None or not user.is_active:
            reason = getattr(request, "oidc_refusal", None) or Refusal.INVALID
            return refused(request, reason, provider)
        next_url = safe_next_url(request, request.session.pop(NEXT_KEY, None))
        two_factor = bool(getattr(request, "oidc_two_factor", False))
        request.session[PROVIDER_KEY] = provider.pk
        if not two_factor and selectors.confirmed_totp_device(user) is not None:
            # The provider did not prove a second factor: the local code step applies.
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "next": next_url,
                "attempts": 0,
            }
            return redirect("accounts:login_verify")
        auth_login(request, user)
        request.session[TWO_FACTOR_KEY] = two_factor
        return redirect(next_url)


start_view = public(StartView.as_view())
callback_view = public(CallbackView.as_view())
