# SPDX-License-Identifier: MPL-2.0
"""core: error pages in the common look, the CSRF failure page and the language switch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.i18n import set_language

from placematch.core.routes import public


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors that touch the database: the error may be the database.
    return render(request, "500.html", status=500, using=None)


@public
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; an unknown language code changes nothing."""
    return set_language(request)
