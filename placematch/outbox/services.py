# SPDX-License-Identifier: MPL-2.0
"""outbox: enqueue inside the causing transaction, deliver with retries, resend a failed one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.outbox import addresses
from placematch.outbox.channels import DeliveryError, Outgoing, backend_for
from placematch.outbox.models import Message, MessageStatus

logger = logging.getLogger(__name__)

CHILD_SUBJECT = "children.child"


class NotInTransactionError(RuntimeError):
    """A message must be written in the transaction of the change that causes it."""


def message_enqueue(
    *,
    organisation_id: int,
    kind: str,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    child_id: int | None = None,
    source_type: str = "",
    source_id: str | int = "",
    dedup_key: str = "",
    erase_body_when_sent: bool = False,
    created_by: User | None = None,
    now: datetime | None = None,
) -> Message:
    """Write a queued message in the caller's transaction; a rollback leaves no message.

    The recipient is checked for the channel (ValidationError). With a dedup key already used,
    the earlier message is returned and nothing new is written.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransactionError("enqueue the message inside the transaction that causes it")
    address = addresses.normalise(channel, recipient)
    if dedup_key:
        earlier = Message.objects.filter(dedup_key=dedup_key).first()
        if earlier is not None:
            return earlier
    fields = {
        "organisation_id": organisation_id,
        "kind": kind,
        "channel": channel,
        "recipient": address,
        "subject": subject,
        "body": body,
        "erase_body_when_sent": erase_body_when_sent,
        "next_attempt_at": now or timezone.now(),
        "child_id": child_id,
        "source_type": source_type,
        "source_id": str(source_id),
        "dedup_key": dedup_key,
        "created_by": created_by,
    }
    try:
        with transaction.atomic():  # a savepoint: a lost dedup race keeps the caller's work
            message = Message.objects.create(**fields)
    except IntegrityError:
        if not dedup_key:
            raise
        return Message.objects.get(dedup_key=dedup_key)
    _send_on_commit()
    return message


def _enqueue_delivery() -> None:
    # Imported here: the task module imports this one.
    from placematch.outbox.tasks import outbox_send

    outbox_send.enqueue()


def _send_on_commit() -> None:
    """Enqueue one delivery task when the transaction commits, however many messages it queued.

    The message row is the record (ADR 0013); the task only wakes the worker. A lost task
    (rollback of the hook, a queue that is down) delays a message to the scheduler's next
    minute, never loses it.
    """
    pending = transaction.get_connection().run_on_commit
    if any(hook is _enqueue_delivery for _, hook, _ in pending):
        return
    transaction.on_commit(_enqueue_delivery, robust=True)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the n-th failed attempt: base, 2 x base, 4 x base… capped."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _claim(now: datetime, limit: int) -> list[int]:
    """Take due messages for this worker: rows another worker holds are skipped, not waited for.

    A claimed message is "sending" until its lease ends; a worker that dies mid-send leaves it
    to be claimed again then (on SQLite the IMMEDIATE transaction serialises the claims).
    """
    lease_until = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    with transaction.atomic():
        due = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=[MessageStatus.QUEUED, MessageStatus.SENDING],
                next_attempt_at__lte=now,
            )
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Message.objects.filter(pk__in=due).update(
            status=MessageStatus.SENDING,
            next_attempt_at=lease_until,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    return due


def _deliver_one(pk: int, now: datetime, report: DeliveryReport) -> None:
    message = Message.objects.get(pk=pk)
    outgoing = Outgoing(
        message_id=message.pk,
        channel=message.channel,
        recipient=message.recipient,
        subject=message.subject,
        body=message.body,
    )
    try:
        backend_for(message.channel).send(outgoing)
    except DeliveryError as error:
        failure: DeliveryError | None = error
    # A backend's bug must not stop the other messages.
    except Exception as error:
        failure = DeliveryError(f"error:{type(error).__name__}")
    else:
        failure = None
    held = Message.objects.filter(pk=pk, status=MessageStatus.SENDING)
    if failure is None:
        changes: dict[str, object] = {
            "status": MessageStatus.SENT,
            "sent_at": timezone.now(),
            "last_error": "",
            "updated_at": now,
        }
        if message.erase_body_when_sent:
            changes["body"] = ""
        held.update(**changes)
        report.sent += 1
        logger.info("outbox.sent", extra={"message_id": pk, "attempts": message.attempts})
        return
    if failure.permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        held.update(status=MessageStatus.FAILED, last_error=failure.code[:300], updated_at=now)
        report.failed += 1
        logger.warning("outbox.failed", extra={"message_id": pk, "reason": failure.code})
        return
    held.update(
        status=MessageStatus.QUEUED,
        last_error=failure.code[:300],
        next_attempt_at=now + retry_delay(message.attempts),
        updated_at=now,
    )
    report.retrying += 1
    logger.info("outbox.retry", extra={"message_id": pk, "reason": failure.code})


def outbox_deliver(*, now: datetime | None = None, limit: int = 100) -> DeliveryReport:
    """Send the messages that are due, each through its channel's backend, once."""
    now = now or timezone.now()
    report = DeliveryReport()
    for pk in _claim(now, limit):
        _deliver_one(pk, now, report)
    return report


def message_resend(*, actor: User, message: Message, request: HttpRequest | None = None) -> bool:
    """Queue a failed message again from its first attempt; False if it had not failed."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.status != MessageStatus.FAILED:
            return False
        locked.status = MessageStatus.QUEUED
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        access_log_write(
            request=request,
            user=actor,
            action=Action.UPDATE,
            obj=locked,
            subject_type=CHILD_SUBJECT if locked.child_id else "",
            subject_id=locked.child_id or "",
            detail={"event": "resend", "kind": locked.kind, "channel": locked.channel},
        )
    message.status = locked.status
    return True
