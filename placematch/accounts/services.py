# SPDX-License-Identifier: MPL-2.0
"""accounts: every write (keyword-only, typed, one transaction, acting user, audit row)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.claims import MappedClaims, MappingConfig, Refusal, RoleRule, claims_map
from placematch.accounts.models import ExternalIdentity, IdentityProvider, User
from placematch.accounts.signals import external_sign_in, second_factor_changed

logger = logging.getLogger(__name__)


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user, replacing any earlier unconfirmed one."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_device_confirm(
    *, user: User, device: TOTPDevice, token: str, request: HttpRequest | None = None
) -> bool:
    """Confirm the authenticator when the user typed a valid code; the only confirmed one.

    The caller has made the user prove who they are again (password or current code). The
    change is written to the access log and, after the commit, the user is told by e-mail.
    """
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        earlier = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk)
        replaced = earlier.exists()
        earlier.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        second_factor_changed.send(
            sender=TOTPDevice, user=user, device=device, replaced=replaced, request=request
        )
        if user.email:
            transaction.on_commit(partial(_second_factor_notice, user=user, replaced=replaced))
    return True


def _second_factor_notice(*, user: User, replaced: bool) -> None:
    """Tell the user by e-mail, so a change they did not make does not go unnoticed."""
    if replaced:
        what = _(
            "The authenticator app for two-factor login to your placematch account "
            "%(username)s was replaced on %(when)s. The old one no longer works."
        )
    else:
        what = _(
            "An authenticator app for two-factor login to your placematch account "
            "%(username)s was set up on %(when)s."
        )
    body = "\n\n".join(
        [
            _("Hello %(name)s") % {"name": user.get_full_name() or user.get_username()},
            what
            % {
                "username": user.get_username(),
                "when": date_format(timezone.localtime(), "DATETIME_FORMAT"),
            },
            _(
                "If you did this, you need not do anything. If you did not, tell your "
                "administrator at once: someone may have used your account."
            ),
        ]
    )
    try:
        send_mail(_("Your two-factor login was changed"), body, None, [user.email])
    except OSError:
        # The change stands; a mail server that is down must not undo it. Ids only in logs.
        logger.warning("second-factor notice not sent", extra={"user_id": user.pk})


@dataclass(frozen=True)
class SignInOutcome:
    """A user signed in through an identity provider, or the reason they were refused."""

    user: User | None
    refusal: Refusal | None
    two_factor: bool


def mapping_config(provider: IdentityProvider) -> MappingConfig:
    return MappingConfig(
        organisation_kind=provider.organisation.kind,
        roles_claim=provider.roles_claim,
        rules=[
            RoleRule(value=rule.value, role=rule.role, priority=rule.priority)
            for rule in provider.role_rules.all()
        ],
        two_factor_claim=provider.two_factor_claim,
        two_factor_values=frozenset(provider.two_factor_values.split()),
    )


def external_username(provider: IdentityProvider, subject: str) -> str:
    """A user name that cannot collide with a local one and does not show the subject."""
    digest = hashlib.sha256(subject.encode()).hexdigest()[:20]
    return f"{provider.slug}-{digest}"


def external_user_sign_in(
    *, provider: IdentityProvider, claims: Mapping[str, object], request: HttpRequest | None = None
) -> SignInOutcome:
    """Create or update the user the provider's verified claims name, or refuse them.

    The provider's organisation is the user's; the role comes from the provider's rules. Claims
    that map to no role, and a deactivated account, are refused with nothing written. The
    acting user is the one signing in; the access log gets a row (via ``external_sign_in``).
    """
    mapped = claims_map(mapping_config(provider), claims)
    if mapped.refusal is not None:
        return SignInOutcome(user=None, refusal=mapped.refusal, two_factor=False)
    try:
        return _external_user_save(provider=provider, mapped=mapped, request=request)
    except IntegrityError:
        # Two first sign-ins of the same person at once (a double click at the provider): the
        # other one created the account; this one now finds and updates it.
        return _external_user_save(provider=provider, mapped=mapped, request=request)


def _external_user_save(
    *, provider: IdentityProvider, mapped: MappedClaims, request: HttpRequest | None
) -> SignInOutcome:
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(provider=provider, subject=mapped.subject)
            .first()
        )
        if identity is not None and not identity.user.is_active:
            return SignInOutcome(user=None, refusal=Refusal.DEACTIVATED, two_factor=False)
        created = identity is None
        user = (
            User(username=external_username(provider, mapped.subject))
            if identity is None
            else identity.user
        )
        if created:
            user.set_unusable_password()
        wanted = {
            "first_name": mapped.first_name,
            "last_name": mapped.last_name,
            "email": mapped.email,
            "role": mapped.role,
            "organisation_id": provider.organisation_id,
        }
        changed = sorted(name for name, value in wanted.items() if getattr(user, name) != value)
        for name, value in wanted.items():
            setattr(user, name, value)
        if created:
            user.save()
            ExternalIdentity.objects.create(user=user, provider=provider, subject=mapped.subject)
        elif changed:
            user.save(update_fields=changed)
        external_sign_in.send(
            sender=User,
            user=user,
            provider=provider,
            created=created,
            changed=changed,
            request=request,
        )
    return SignInOutcome(user=user, refusal=None, two_factor=mapped.two_factor)
