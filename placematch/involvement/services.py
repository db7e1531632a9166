# SPDX-License-Identifier: MPL-2.0
"""involvement: every write (keyword-only, typed, one transaction, acting user, audit row)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.involvement import registry
from placematch.involvement.delivery import LinkDelivery, link_enqueue
from placematch.involvement.models import MAX_PIN_ATTEMPTS, SecureLink

PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")
# secrets.token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def token_hash(token: str) -> str:
    """The SHA-256 hex digest stored in place of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def validate_pin(pin: str) -> None:
    if not PIN_PATTERN.match(pin):
        raise ValidationError(_("The PIN must be 4 to 8 digits, for example 4711."), code="pin")


def _log(
    *,
    request: HttpRequest | None,
    action: Action,
    link: SecureLink,
    user: User | None = None,
    detail: dict[str, object],
) -> None:
    try:
        subject_type = registry.get(link.form_key).log_subject_type
    except KeyError:
        subject_type = f"involvement.{link.form_key}"
    access_log_write(
        request=request,
        action=action,
        obj=link,
        subject_type=subject_type,
        subject_id=link.subject_id,
        user=user,
        detail={"form_key": link.form_key, **detail},
    )


def link_issue(
    *,
    actor: User,
    form_key: str,
    subject_id: str,
    person_id: str = "",
    recipient_label: str = "",
    pin: str | None = None,
    valid_days: int | None = None,
    delivery: LinkDelivery | None = None,
    request: HttpRequest | None = None,
) -> tuple[SecureLink, str]:
    """Make a link and return it with its raw token, which is never stored or shown again.

    The earlier links for the same form, subject and person are revoked: one live link each.
    With a delivery, the link's message (and the PIN's, by another channel) is queued in the
    outbox in the same transaction: no link without its message, no message without its link.
    """
    spec = registry.get(form_key)  # KeyError: no app registered this form
    organisation_id = spec.organisation_of(subject_id)
    if (
        organisation_id is None
        or organisation_id != actor.organisation_id
        or not spec.can_manage(actor, subject_id)
        or not spec.accepts_person(subject_id, person_id)
    ):
        raise PermissionDenied
    if pin:
        validate_pin(pin)
    days = settings.INVOLVEMENT_LINK_DAYS if valid_days is None else valid_days
    if days < 1:
        raise ValidationError(_("A link must be valid for at least one day."), code="days")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        earlier = list(
            SecureLink.objects.select_for_update().filter(
                form_key=form_key,
                subject_id=subject_id,
                person_id=person_id,
                revoked_at__isnull=True,
            )
        )
        for old in earlier:
            old.revoked_at = now
            old.save(update_fields=["revoked_at", "updated_at"])
            _log(
                request=request,
                action=Action.UPDATE,
                link=old,
                user=actor,
                detail={"event": "replaced"},
            )
        link = SecureLink.objects.create(
            organisation_id=organisation_id,
            form_key=form_key,
            subject_id=subject_id,
            person_id=person_id,
            recipient_label=recipient_label,
            token_hash=token_hash(token),
            expires_at=now + timedelta(days=days),
            pin_hash=make_password(pin) if pin else "",
            created_by=actor,
        )
        _log(
            request=request,
            action=Action.CREATE,
            link=link,
            user=actor,
            detail={
                "event": "issued",
                "replaced": [old.pk for old in earlier],
                "pin": bool(pin),
                "channel": delivery.channel if delivery else "screen",
            },
        )
        if delivery is not None:
            link_enqueue(link=link, token=token, pin=pin, delivery=delivery, actor=actor)
    return link, token


def link_revoke(*, actor: User, link: SecureLink, request: HttpRequest | None = None) -> None:
    """Close a link at once; revoking a closed link changes nothing."""
    with transaction.atomic():
        locked = SecureLink.objects.select_for_update().get(pk=link.pk)
        if locked.revoked_at is not None:
            link.revoked_at = locked.revoked_at
            return
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
        link.revoked_at = locked.revoked_at
        _log(
            request=request,
            action=Action.UPDATE,
            link=locked,
            user=actor,
            detail={"event": "revoked"},
        )


def link_mark_answered(*, link: SecureLink, request: HttpRequest | None = None) -> None:
    """Record that the recipient saved an answer through the link (called by feature views)."""
    now = timezone.now()
    with transaction.atomic():
        SecureLink.objects.filter(pk=link.pk).update(answered_at=now, updated_at=now)
        link.answered_at = now
        _log(request=request, action=Action.UPDATE, link=link, detail={"event": "answered"})


def link_mark_opened(*, link: SecureLink) -> None:
    """Remember the first time the link was opened (the use itself is logged by the caller)."""
    if link.opened_at is not None:
        return
    now = timezone.now()
    with transaction.atomic():
        SecureLink.objects.filter(pk=link.pk, opened_at__isnull=True).update(
            opened_at=now, updated_at=now
        )
    link.opened_at = now


def link_check_pin(*, link: SecureLink, pin: str) -> bool:
    """Check a PIN; a wrong one counts on the link, and the last allowed one closes it."""
    with transaction.atomic():
        locked = SecureLink.objects.select_for_update().get(pk=link.pk)
        if locked.is_locked or locked.revoked_at is not None:
            right = False
        elif locked.pin_hash and check_password(pin, locked.pin_hash):
            right = True
            if locked.failed_pin_attempts:
                locked.failed_pin_attempts = 0
                locked.save(update_fields=["failed_pin_attempts", "updated_at"])
        else:
            right = False
            SecureLink.objects.filter(pk=link.pk).update(
                failed_pin_attempts=F("failed_pin_attempts") + 1
            )
            locked.refresh_from_db(fields=["failed_pin_attempts"])
            if locked.failed_pin_attempts >= MAX_PIN_ATTEMPTS:
                # A locked link is closed for good: only a new link opens the form again.
                locked.revoked_at = timezone.now()
                locked.save(update_fields=["revoked_at", "updated_at"])
    link.failed_pin_attempts = locked.failed_pin_attempts
    link.revoked_at = locked.revoked_at
    return right
