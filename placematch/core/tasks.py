# SPDX-License-Identifier: MPL-2.0
"""core: the daily jobs as background tasks, and the scheduler that enqueues them (ADR 0015).

A daily job is a management command named in ``settings.DAILY_JOBS`` (each app keeps its own
command; core names them only as strings, so it imports no app above it). The scheduler
enqueues each once a day from its local time, catching up at start when the time has passed,
and enqueues each task in ``settings.PERIODIC_TASKS`` every so many seconds.
"""

from __future__ import annotations

import datetime
import io
import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from placematch.core.models import ScheduledJobRun

logger = logging.getLogger(__name__)


@task()
def run_daily_job(name: str) -> str:
    """Run one daily job's command; its output stays in the worker's log, not in the result."""
    if name not in settings.DAILY_JOBS:
        raise ValueError(f"{name} is not a daily job")
    started = time.monotonic()
    call_command(name, stdout=io.StringIO())
    duration_ms = round((time.monotonic() - started) * 1000)
    logger.info("tasks.daily_job", extra={"event": name, "duration_ms": duration_ms})
    return name


def _due_on(job: str, at: str, now: datetime.datetime) -> bool:
    local = timezone.localtime(now)
    if job in settings.DAILY_JOBS_WEEKDAYS_ONLY and local.weekday() >= 5:
        return False
    hour, minute = (int(part) for part in at.split(":"))
    return (local.hour, local.minute) >= (hour, minute)


def daily_jobs_enqueue(*, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each daily job whose time has come today and that is not enqueued yet today."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    enqueued = []
    for job, at in settings.DAILY_JOBS.items():
        if not _due_on(job, at, now) or ScheduledJobRun.objects.filter(job=job, day=day).exists():
            continue
        try:
            with transaction.atomic():
                ScheduledJobRun.objects.create(job=job, day=day, enqueued_at=now)
                # In the same transaction: a queue that refuses leaves the day open to retry.
                run_daily_job.enqueue(job)
        except IntegrityError:
            continue  # another scheduler took it
        enqueued.append(job)
    return enqueued


class Periodic:
    """The tasks enqueued every so many seconds, remembered in this scheduler's memory."""

    def __init__(self) -> None:
        self.last: dict[str, float] = {}

    def enqueue_due(self, clock: float | None = None) -> list[str]:
        clock = time.monotonic() if clock is None else clock
        enqueued = []
        for path, seconds in settings.PERIODIC_TASKS.items():
            if clock - self.last.get(path, -float("inf")) < seconds:
                continue
            import_string(path).enqueue()
            self.last[path] = clock
            enqueued.append(path)
        return enqueued
