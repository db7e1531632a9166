# SPDX-License-Identifier: MPL-2.0
"""Template context shared by every page: product name and the user's organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from placematch.core.navigation import items_for


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    organisation = getattr(user, "organisation", None) if user is not None else None
    return {
        "site_name": "Styrket match",
        "current_organisation": organisation,
        "otp_required": settings.OTP_REQUIRED,
        "nav_items": items_for(request),
        # Each language named in itself, untranslated, as language switches should be.
        "language_choices": settings.LANGUAGES,
    }
