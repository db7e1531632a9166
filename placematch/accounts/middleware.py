# SPDX-License-Identifier: MPL-2.0
"""Sends signed-in users without a verified second factor to set it up, where it is required.

A sign-in through an identity provider whose ID token proved two factors (acr/amr, as the
provider is configured) counts as verified; see ``accounts.oidc``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from placematch.accounts.oidc import TWO_FACTOR_KEY

ALLOWED_NAMES = ("accounts:two_factor_setup", "accounts:logout", "accounts:login", "set_language")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.OTP_REQUIRED
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and request.session.get(TWO_FACTOR_KEY) is not True
            and not self._exempt(request.path)
        ):
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in ALLOWED_NAMES)
