# SPDX-License-Identifier: MPL-2.0
"""api: tokens that let an organisation's own system call the API, within their scopes."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from placematch.accounts.models import OrganisationOwned


def token_hash(secret: str) -> str:
    """A token has 256 random bits, so a plain SHA-256 cannot be reversed or guessed."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(OrganisationOwned):
    """One system's access: only the token's SHA-256 is kept; the token is shown once.

    Calls act as ``user``, an account made for this token alone (no password, so it cannot
    sign in), so the apps' selectors and services scope and log them as they do a page.
    """

    name = models.CharField(_("name"), max_length=100)
    # The token's first characters, so the admin can tell tokens apart; never enough to use.
    prefix = models.CharField(_("starts with"), max_length=16)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_token",
        verbose_name=_("acts as"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, today: datetime.date) -> bool:
        """Valid up to and including ``expires_on``."""
        return today > self.expires_on

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
