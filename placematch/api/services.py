# SPDX-License-Identifier: MPL-2.0
"""api: every write (keyword-only, typed, one transaction, acting user, audit row).

Creating a token makes the account its calls act as; revoking it closes that account too.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.models import OrganisationKind, Role, User
from placematch.api.access import can_manage_tokens
from placematch.api.models import ApiToken, token_hash
from placematch.api.scopes import scopes_for
from placematch.audit.models import Action
from placematch.audit.services import access_log_write

TOKEN_PREFIX = "pm_"  # noqa: S105 (a marker that tells a token apart, not a secret)
SHOWN_CHARACTERS = 10  # "pm_" and 7 characters of the secret: tells tokens apart, opens nothing
MAX_DAYS = 366
# What the token's account may see: a case system works for the whole municipality (as a team
# leader does); a place's own system sees its own provider's inquiries and places.
ROLE_BY_KIND = {
    OrganisationKind.MUNICIPALITY: Role.TEAM_LEADER,
    OrganisationKind.PROVIDER: Role.PROVIDER_STAFF,
}


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _log(request: HttpRequest | None, user: User, action: str, token: ApiToken) -> None:
    access_log_write(
        request=request,
        user=user,
        action=action,
        obj=token,
        subject_type="accounts.organisation",
        subject_id=token.organisation_id,
        detail={"scopes": list(token.scopes), "expires_on": token.expires_on.isoformat()},
    )


def token_create(
    *,
    request: HttpRequest | None,
    user: User,
    name: str,
    scopes: list[str],
    expires_on: datetime.date,
    today: datetime.date | None = None,
) -> NewToken:
    """Make a token for the admin's organisation; the secret is returned once."""
    organisation = user.organisation
    if organisation is None or not can_manage_tokens(user):
        raise PermissionError("This user may not manage API tokens.")
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = _("Name the system that will use the token.")
    allowed = scopes_for(organisation.kind)
    chosen = [s for s in allowed if s in set(scopes)]
    if not chosen or len(set(scopes)) != len(chosen):
        errors["scopes"] = _("Choose at least one of the areas offered.")
    if expires_on <= today:
        errors["expires_on"] = _("Choose an expiry date after today.")
    elif expires_on > today + datetime.timedelta(days=MAX_DAYS):
        errors["expires_on"] = _("A token can last at most a year. Choose an earlier date.")
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        account = User(
            username=f"api-{secrets.token_hex(8)}",
            organisation=organisation,
            role=ROLE_BY_KIND[OrganisationKind(organisation.kind)],
            first_name="API",
            last_name=name[:150],
            is_system=True,
        )
        account.set_unusable_password()
        account.save()
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name,
            prefix=secret[:SHOWN_CHARACTERS],
            token_hash=token_hash(secret),
            scopes=chosen,
            expires_on=expires_on,
            user=account,
            created_by=user,
        )
        _log(request, user, Action.CREATE, token)
    return NewToken(token=token, secret=secret)


def token_revoke(*, request: HttpRequest | None, user: User, token: ApiToken) -> ApiToken:
    """Revoke at once; revoking a revoked token changes nothing."""
    if not can_manage_tokens(user) or token.organisation_id != user.organisation_id:
        raise PermissionError("This user may not manage this token.")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.revoked_by = user
        locked.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        User.objects.filter(pk=locked.user_id).update(is_active=False)
        _log(request, user, Action.UPDATE, locked)
    return locked


def token_mark_used(*, token: ApiToken, now: datetime.datetime) -> None:
    """Note the last use, at most once a minute, so a busy system does not write every call."""
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
