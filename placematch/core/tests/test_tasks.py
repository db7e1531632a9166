# SPDX-License-Identifier: MPL-2.0
"""The scheduler enqueues each daily job once a day from its time; the worker runs it."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.models import DBTaskResult

from placematch.core.models import ScheduledJobRun
from placematch.core.tasks import daily_jobs_enqueue
from placematch.core.tests.worker import run_worker

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=CPH)  # the 5th is a Saturday


def test_each_daily_job_is_enqueued_once_a_day_from_its_time_and_the_worker_runs_it(
    settings, monkeypatch
):
    settings.DAILY_JOBS = {"prune_submission_keys": "01:45", "tasks_remind": "06:00"}
    settings.DAILY_JOBS_WEEKDAYS_ONLY = {"tasks_remind"}
    assert daily_jobs_enqueue(now=at(5, 1, 44)) == []
    assert daily_jobs_enqueue(now=at(5, 1, 45)) == ["prune_submission_keys"]
    assert daily_jobs_enqueue(now=at(5, 23, 59)) == []  # once a day; no reminders on Saturday
    # A scheduler started late on Monday catches up on both.
    assert daily_jobs_enqueue(now=at(7, 14)) == ["prune_submission_keys", "tasks_remind"]
    assert ScheduledJobRun.objects.count() == DBTaskResult.objects.count() == 3

    run_worker(monkeypatch)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
