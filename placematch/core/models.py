# SPDX-License-Identifier: MPL-2.0
"""core: abstract base models shared by every app."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change times to a model."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ImmutableError(RuntimeError):
    """A written-once row was about to be changed; make a new version instead."""


class Immutable(models.Model):
    """Rows that are written once: a change is a new version, so decisions stay reproducible."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(f"{type(self).__name__} rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError(f"{type(self).__name__} rows are never deleted")


class SubmissionKey(models.Model):
    """A claimed one-time key of a create form, so a repeated POST creates nothing new.

    Holds no personal data: the scope names a user or secure link by id, the route is the
    form's path (ids only) and the fingerprint is a keyed hash of the posted content.
    """

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    route = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    # Empty while the first request works; set in the same transaction as the work.
    done_at = models.DateTimeField(null=True, blank=True)
    # Where the first request sent the browser; empty when it showed a page instead.
    location = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_submission_key_once")
        ]
        indexes = [
            models.Index(fields=["scope", "route", "fingerprint"], name="core_submission_content")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.route}"


class ScheduledJobRun(models.Model):
    """A daily job enqueued for a day: the row makes it once a day, however many schedulers run.

    Holds no personal data: the job is a management command's name.
    """

    job = models.CharField(max_length=64)
    day = models.DateField()
    enqueued_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="core_job_once_a_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
