# SPDX-License-Identifier: MPL-2.0
"""Django admin for superusers only; everyone else gets the same 404 as a missing page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from types import FunctionType
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext_lazy as _

from placematch.core.routes import AccessClass, mark


class PlacematchAdminSite(admin.AdminSite):
    site_header = _("Styrket match: administration")
    site_title = _("Styrket match")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return mark(guarded, AccessClass.ADMIN)

    def get_urls(self) -> list[Any]:
        urls = super().get_urls()
        _mark_all(urls)
        return urls

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One login for everything: through the real login page, with lockout and two-factor.
        return redirect_to_login(request.GET.get("next", "/admin/"))


def _mark_all(patterns: list[Any]) -> None:
    # Django wraps admin views lazily (admin_view runs at call time), so the marker that
    # admin_view sets never reaches the resolver; mark each pattern's own wrapper instead.
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _mark_all(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            if not isinstance(callback, FunctionType):
                callback = _as_function(callback)
            entry.callback = mark(callback, AccessClass.ADMIN)


def _as_function(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def call(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    return call
