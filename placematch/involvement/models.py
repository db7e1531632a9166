# SPDX-License-Identifier: MPL-2.0
"""involvement: secure links that open one registered form for one subject."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placematch.accounts.models import OrganisationOwned

# Wrong PINs a link tolerates before it locks for good (the caseworker sends a new one).
MAX_PIN_ATTEMPTS = 5


class LinkStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class SecureLink(OrganisationOwned):
    """A link handed to a child or parent; only the SHA-256 hash of its token is stored."""

    form_key = models.CharField(_("form"), max_length=50)
    subject_id = models.CharField(_("subject"), max_length=64)
    # The parent or other person the link is for; empty when it is for the child.
    person_id = models.CharField(_("person"), max_length=64, blank=True)
    recipient_label = models.CharField(_("recipient"), max_length=100, blank=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("last answered"), null=True, blank=True)
    pin_hash = models.CharField(_("PIN hash"), max_length=200, blank=True, editable=False)
    failed_pin_attempts = models.PositiveSmallIntegerField(_("wrong PIN attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The hashes stay out of the history: it records who changed what, not secrets.
    history = HistoricalRecords(excluded_fields=["token_hash", "pin_hash"])

    class Meta:
        verbose_name = _("secure link")
        verbose_name_plural = _("secure links")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["form_key", "subject_id", "person_id"])]

    def __str__(self) -> str:
        return f"{self.form_key} {self.subject_id} ({self.status})"

    def is_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_locked(self) -> bool:
        return self.failed_pin_attempts >= MAX_PIN_ATTEMPTS

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)

    @property
    def is_active(self) -> bool:
        """May still be opened: not revoked, not expired and not locked by wrong PINs."""
        return self.revoked_at is None and not self.is_expired() and not self.is_locked

    @property
    def status(self) -> str:
        # An answer is what the caseworker needs to know, so it outlives expiry; a revoked
        # (or replaced) link says so even when it was answered.
        if self.revoked_at is not None:
            return LinkStatus.REVOKED.value
        if self.answered_at is not None:
            return LinkStatus.ANSWERED.value
        if self.is_expired():
            return LinkStatus.EXPIRED.value
        if self.opened_at is not None:
            return LinkStatus.OPENED.value
        return LinkStatus.SENT.value

    @property
    def status_label(self) -> str:
        return str(LinkStatus(self.status).label)
