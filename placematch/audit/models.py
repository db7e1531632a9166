# SPDX-License-Identifier: MPL-2.0
"""audit: the access log, one row per read or write of a child's data and per failed login."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    DISCLOSE = "disclose", _("Disclosed to a place")
    LINK_USE = "link_use", _("Used a secure link")
    LINK_REJECTED = "link_rejected", _("Secure link refused")
    LOGIN_FAILED = "login_failed", _("Failed login")


class AccessLogEntry(models.Model):
    """Who did what to whose data, when and through which route. Never edited, only pruned."""

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as text so the entry still says who it was after a user is deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # What was touched: e.g. "children.child" and its id ...
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # ... and whose data it is (the data subject), for "who has seen my data".
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True, db_index=True)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True, db_index=True)
    route = models.CharField(_("route"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"
