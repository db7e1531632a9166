# SPDX-License-Identifier: MPL-2.0
"""accounts: every write (keyword-only, typed, one transaction, acting user, audit row)."""

from __future__ import annotations

import logging
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.models import User
from placematch.accounts.signals import second_factor_changed

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
