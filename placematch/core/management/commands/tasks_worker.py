# SPDX-License-Identifier: MPL-2.0
"""The task worker (django-tasks-db's `db_worker`), warmed up for PDFs before its first task."""

from __future__ import annotations

import time
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from placematch.core.pdf import warm_up


class Command(DatabaseWorker):
    help = (
        "Run the database task worker (the options of db_worker), after rendering a first "
        "PDF so the first decision's documents do not wait for WeasyPrint to load."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        warm_up()
        self.stdout.write(f"tasks_worker: ready for PDFs after {time.monotonic() - started:.1f} s")
        super().handle(*args, **options)
