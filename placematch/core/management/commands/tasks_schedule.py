# SPDX-License-Identifier: MPL-2.0
"""Enqueue the daily jobs and the periodic tasks for the task worker (`make run` starts it)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from placematch.core.tasks import Periodic, daily_jobs_enqueue


class Command(BaseCommand):
    help = (
        "Enqueue each daily job once a day from its time in settings.DAILY_JOBS, and each "
        "task in settings.PERIODIC_TASKS every so many seconds; `manage.py db_worker` runs them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now and stop.")
        parser.add_argument(
            "--interval", type=float, default=20, help="Seconds between looks (default 20)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        periodic = Periodic()
        while True:
            daily = daily_jobs_enqueue()
            periodic.enqueue_due()
            if daily:
                self.stdout.write(f"tasks_schedule: enqueued {', '.join(daily)}")
            if options["once"]:
                return
            time.sleep(options["interval"])
