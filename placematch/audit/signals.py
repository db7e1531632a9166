# SPDX-License-Identifier: MPL-2.0
"""audit: log failed logins (the user name tried, never the password), second-factor changes and
sign-ins through an identity provider."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from placematch.accounts.signals import external_sign_in, second_factor_changed
from placematch.audit.models import AccessLogEntry, Action
from placematch.audit.services import access_log_write


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


@receiver(second_factor_changed)
def record_second_factor_change(
    sender: Any, user: Any, device: Any, replaced: bool, request: Any = None, **kwargs: Any
) -> None:
    # The subject is the account itself: whose login was changed, by that user's session.
    access_log_write(
        request=request,
        user=user,
        action=Action.UPDATE,
        obj=device,
        subject_type="accounts.user",
        subject_id=user.pk,
        detail={"second_factor": "replaced" if replaced else "added"},
    )


@receiver(external_sign_in)
def record_external_sign_in(
    sender: Any,
    user: Any,
    provider: Any,
    created: bool,
    changed: list[str],
    request: Any = None,
    **kwargs: Any,
) -> None:
    # The account is the subject: created or updated from the identity provider's claims.
    access_log_write(
        request=request,
        user=user,
        action=Action.CREATE if created else Action.UPDATE,
        obj=user,
        subject_type="accounts.user",
        subject_id=user.pk,
        detail={"identity_provider": provider.slug, "changed": changed},
    )
