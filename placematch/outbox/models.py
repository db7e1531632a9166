# SPDX-License-Identifier: MPL-2.0
"""outbox: one row per outgoing message, from the causing transaction until it is delivered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from placematch.accounts.models import OrganisationOwned


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    DIGITAL_POST = "digital_post", _("Digital Post")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not delivered")


class MessageKind(models.TextChoices):
    """What the message is for: the case's panel names it by this, never by its text."""

    LINK = "link", _("Secure link")
    PIN = "pin", _("PIN for a secure link")
    INQUIRY_NOTICE = "inquiry_notice", _("Notice of a new inquiry")
    TASK_REMINDER = "task_reminder", _("Reminder of overdue and soon-due tasks")


class Message(OrganisationOwned):
    """An outgoing message; `organisation` is the sender (the municipality acting)."""

    kind = models.CharField(_("kind"), max_length=30, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    # Emptied once sent when it carries a secret (a link's address or a PIN).
    body = models.TextField(_("text"), blank=True)
    erase_body_when_sent = models.BooleanField(default=False, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a queued message is due, or until when a worker holds a message it is sending.
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.CharField(_("reason"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The child the message concerns, by id only, for the case's messages panel.
    child_id = models.PositiveBigIntegerField(_("child"), null=True, blank=True, db_index=True)
    # What caused it, e.g. ("involvement.securelink", "12"); its app decides who may resend.
    source_type = models.CharField(max_length=50, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    # Enqueuing again with the same key returns the first message instead of a second one.
    dedup_key = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=~models.Q(dedup_key=""),
                name="outbox_message_dedup_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} ({self.status})"

    @property
    def status_label(self) -> str:
        return str(MessageStatus(self.status).label)

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)

    @property
    def kind_label(self) -> str:
        return str(MessageKind(self.kind).label)
