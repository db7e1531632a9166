# SPDX-License-Identifier: MPL-2.0
"""api: the checks before every call: body size, the token, its scopes, and the rate limit."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from placematch.api.errors import ApiError
from placematch.api.models import ApiToken
from placematch.api.scopes import Access, Area, grants, scope
from placematch.api.selectors import token_by_secret
from placematch.api.services import token_mark_used

# The largest body any operation takes (three texts of 5,000 characters and the answers).
MAX_BODY_BYTES = 64 * 1024
MAX_TOKEN_LENGTH = 200


def _refuse(code: str, message: str) -> ApiError:
    return ApiError(401, code, message)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pm_…``; the call then acts as the token's own account."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            # Refused before anything reads the body, so a huge body costs nothing.
            raise ApiError(413, "body_too_large", _("The request body is too large."))
        header = request.headers.get("Authorization", "")
        kind, _space, secret = header.partition(" ")
        secret = secret.strip()
        if kind.lower() != "bearer" or not secret:
            raise _refuse(
                "token_missing",
                _("Send the API token in the Authorization header: Bearer and the token."),
            )
        return self.authenticate(request, secret)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_by_secret(token) if len(token) <= MAX_TOKEN_LENGTH else None
        if found is None:
            raise _refuse(
                "token_invalid",
                _("The token is not valid. Check it, or ask your administrator for a new one."),
            )
        if found.is_revoked:
            raise _refuse(
                "token_revoked",
                _("The token was revoked. Ask your administrator for a new one."),
            )
        if found.is_expired(timezone.localdate()) or not found.organisation.is_active:
            raise _refuse(
                "token_expired",
                _("The token expired on %(day)s. Ask your administrator for a new one.")
                % {"day": date_format(found.expires_on, "SHORT_DATE_FORMAT")},
            )
        # The apps' selectors, services and the access log read the acting user from here.
        request.user = found.user
        token_mark_used(token=found, now=timezone.now())
        return found


def require(request: HttpRequest, area: Area, access: Access = Access.READ) -> ApiToken:
    """The call's token, if its scopes allow this; else 403 naming the scope it lacks."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not grants(list(token.scopes), area, access):
        raise ApiError(
            403,
            "scope_missing",
            _("The token does not allow this. It needs the scope %(scope)s.")
            % {"scope": scope(area, access)},
        )
    return token


class TokenRateThrottle(BaseThrottle):
    """A fixed window per token in Django's cache (the database cache in production)."""

    window = 60

    def allow_request(self, request: HttpRequest) -> bool:
        token: Any = getattr(request, "auth", None)
        if token is None:
            return True
        now = time.time()
        start = int(now // self.window) * self.window
        self._wait = start + self.window - now
        key = f"api-rate:{token.token_hash[:32]}:{start}"
        cache.add(key, 0, self.window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between the two calls: this call starts it
            cache.set(key, 1, self.window + 5)
            count = 1
        return count <= int(settings.API_RATE_PER_MINUTE)

    def wait(self) -> float | None:
        return max(1.0, getattr(self, "_wait", float(self.window)))
