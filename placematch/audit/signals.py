# SPDX-License-Identifier: MPL-2.0
"""audit: log failed logins (the user name tried, never the password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from placematch.audit.models import AccessLogEntry, Action


@receiver(user_login_failed)
def record_failed_login(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    match = getattr(request, "resolver_match", None)
    AccessLogEntry.objects.create(
        username=str(credentials.get("username", ""))[:150],
        action=Action.LOGIN_FAILED,
        route=str(match.view_name) if match is not None else "",
    )
