# SPDX-License-Identifier: MPL-2.0
"""Run the task worker in a test, in the test's own transaction, until the queue is empty."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker `make run` starts, in batch mode. Its check for stale connections would close
    the test's own connection (it is inside a transaction), so that check is left out."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
