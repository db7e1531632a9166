# SPDX-License-Identifier: MPL-2.0
"""outbox: delivery channels behind one interface; settings name a backend per channel."""

from __future__ import annotations

import json
import smtplib
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Outgoing:
    """What a backend gets: the message's id (for the gateway's own dedup) and its content."""

    message_id: int
    channel: str
    recipient: str
    subject: str
    body: str


class DeliveryError(Exception):
    """A delivery that did not happen; `code` is kept on the message and shown translated.

    Codes never carry the address or text, so they are safe to keep and to log.
    """

    def __init__(self, code: str, *, permanent: bool = False) -> None:
        super().__init__(code)
        self.code = code
        # A permanent error (an address the server refuses) is not retried.
        self.permanent = permanent


class ChannelBackend(Protocol):
    def send(self, outgoing: Outgoing) -> None:
        """Deliver the message or raise DeliveryError."""


class EmailChannel:
    """E-mail through Django's mail backend: console in development, memory in tests, SMTP."""

    def send(self, outgoing: Outgoing) -> None:
        mail = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[outgoing.recipient],
            headers={"X-Placematch-Message": str(outgoing.message_id)},
        )
        try:
            mail.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError("address_refused", permanent=True) from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"mail_server:{type(error).__name__}") from None


class ConsoleChannel:
    """Development: print the message on the console, as Django's console mail backend does."""

    def send(self, outgoing: Outgoing) -> None:
        sys.stdout.write(
            f"--- {outgoing.channel} to {outgoing.recipient}\n{outgoing.subject}\n"
            f"{outgoing.body}\n---\n"
        )
        sys.stdout.flush()


class FileChannel:
    """Development and tests: one JSON file per message in PLACEMATCH_OUTBOX_FILE_DIR."""

    def send(self, outgoing: Outgoing) -> None:
        folder = Path(settings.OUTBOX_FILE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        target = folder / f"{stamp}-{outgoing.channel}-{outgoing.message_id}.json"
        target.write_text(json.dumps(asdict(outgoing), ensure_ascii=False), encoding="utf-8")


class MemoryChannel:
    """Tests: messages collect in `MemoryChannel.sent` (like Django's locmem mail outbox)."""

    sent: list[Outgoing] = []

    def send(self, outgoing: Outgoing) -> None:
        MemoryChannel.sent.append(outgoing)


class UnconfiguredChannel:
    """Production without a gateway for this channel: every message fails with a clear reason."""

    def send(self, outgoing: Outgoing) -> None:
        raise DeliveryError("no_gateway", permanent=True)


def backend_for(channel: str) -> ChannelBackend:
    """The configured backend for a channel (read on each call, so settings may change)."""
    path = settings.OUTBOX_BACKENDS.get(channel)
    if not path:
        return UnconfiguredChannel()
    backend: ChannelBackend = import_string(path)()
    return backend
