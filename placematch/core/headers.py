# SPDX-License-Identifier: MPL-2.0
"""core: keep responses that may carry personal data out of every cache (Cache-Control)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

PRIVATE = "no-store, private"


class PrivateCacheMiddleware:
    """``Cache-Control: no-store, private`` on every response to a signed-in user or a session.

    A page, an htmx partial, a PDF or an export about a child must not stay in the browser's
    cache or a shared proxy after the user is gone. Any session counts, not only a signed-in
    user: a secure-link holder is anonymous but has one, and so does the second login step.
    A view that set its own Cache-Control keeps it. Static files are answered by WhiteNoise
    before this middleware and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and _is_personal(request):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _is_personal(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    # Asked after the view, so a session the view has just started (a secure link opened)
    # counts too.
    return session is not None and not session.is_empty()
