# SPDX-License-Identifier: MPL-2.0
"""accounts: login in two steps (password, then authenticator code), logout, dashboard."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from placematch.accounts import oidc, selectors, services
from placematch.accounts.access import signed_in_route
from placematch.accounts.forms import LoginForm, SecondFactorForm, TokenForm
from placematch.accounts.models import User
from placematch.core.dashboard import cards_for
from placematch.core.routes import public

PENDING_KEY = "placematch_pending_second_factor"
MAX_CODE_ATTEMPTS = 5


def wrong_code() -> str:
    return _("The code is wrong or too old. Type the newest code from the app.")


def _next_url(request: HttpRequest) -> str:
    return safe_next_url(request, request.POST.get("next") or request.GET.get("next"))


def safe_next_url(request: HttpRequest, candidate: object) -> str:
    """The path to go to after login if it is one on this site, else the dashboard."""
    # Only a path on this site: redirect() would try to read a bare word as a URL name.
    if (
        isinstance(candidate, str)
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return str(reverse(settings.LOGIN_REDIRECT_URL))


@public
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        next_url = _next_url(request)
        for key in (oidc.PROVIDER_KEY, oidc.ID_TOKEN_KEY, oidc.TWO_FACTOR_KEY):
            request.session.pop(key, None)
        if selectors.confirmed_totp_device(user) is not None:
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "next": next_url,
                "attempts": 0,
            }
            return redirect("accounts:login_verify")
        auth_login(request, user)
        return redirect(next_url)
    context = {
        "form": form,
        "next": _next_url(request),
        "identity_providers": selectors.active_identity_providers(),
    }
    return render(request, "accounts/login.html", context)


@public
@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def login_verify(request: HttpRequest) -> HttpResponse:
    pending: dict[str, Any] | None = request.session.get(PENDING_KEY)
    user = (
        User.objects.filter(pk=pending["user"], is_active=True).first()
        if isinstance(pending, dict)
        else None
    )
    device = selectors.confirmed_totp_device(user) if user else None
    if pending is None or user is None or device is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            del request.session[PENDING_KEY]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
        pending["attempts"] += 1
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            del request.session[PENDING_KEY]
            messages.error(request, _("Too many wrong codes. Log in again."))
            return redirect("accounts:login")
        request.session[PENDING_KEY] = pending
        form.add_error(
            "token", _("The code is wrong or too old. Type the newest code from the app.")
        )
    return render(request, "accounts/login_verify.html", {"form": form})


@signed_in_route
@require_POST
@never_cache
def logout_view(request: HttpRequest) -> HttpResponse:
    # Signed in through the organisation's identity provider: end its session too, where it
    # publishes an end-session endpoint; it sends the browser back to the login page.
    provider_logout = oidc.provider_logout(
        request, request.session.get(oidc.PROVIDER_KEY), request.session.get(oidc.ID_TOKEN_KEY)
    )
    auth_logout(request)
    if provider_logout is not None:
        # A page that goes on by itself, not a redirect: the content security policy lets a
        # form (this logout button) lead only to this site, redirects included.
        return render(request, "accounts/logout_provider.html", {"logout": provider_logout})
    messages.info(request, _("You are logged out."))
    return redirect("accounts:login")


@signed_in_route
@sensitive_post_parameters("current", "token")
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    device = selectors.unconfirmed_totp_device(user) or services.totp_device_start(user=user)
    current_device = selectors.confirmed_totp_device(user)
    form = SecondFactorForm(request.POST or None, user=user, device=current_device)
    if request.method == "POST":
        valid = form.is_valid()
        if form.proof_failed:
            # Counts towards the lockout like a failed login: the form must not become a way
            # to guess the password of an open session.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
        if valid:
            token = form.cleaned_data["token"]
            if services.totp_device_confirm(user=user, device=device, token=token, request=request):
                otp_login(request, device)
                if current_device is not None:
                    messages.success(
                        request, _("Your authenticator is replaced. The old one no longer works.")
                    )
                else:
                    messages.success(request, _("Two-factor login is set up."))
                if user.email:
                    messages.info(request, _("We have sent you an e-mail about the change."))
                return redirect("accounts:dashboard")
            form.add_error("token", wrong_code())
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, dark="#1a1a1a", light="#ffffff", omitsize=False),
        "secret": _base32(device.bin_key),
        "has_confirmed": current_device is not None,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@signed_in_route
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html", {"cards": cards_for(request)})


def _base32(key: bytes) -> str:
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
