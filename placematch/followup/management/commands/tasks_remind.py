# SPDX-License-Identifier: MPL-2.0
"""Daily: e-mail each caseworker and team leader the count of overdue and soon-due tasks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from placematch.followup.services_tasks import remind


class Command(BaseCommand):
    help = "E-mail reminders of overdue and soon-due tasks (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = remind(today=today)
        # Ids and counts only: the command's output goes to logs, which hold no personal data.
        for reminder in sent:
            self.stdout.write(
                f"reminded user={reminder.user_id} overdue={reminder.overdue} "
                f"due_soon={reminder.due_soon}"
            )
        self.stdout.write(f"{today.isoformat()}: {len(sent)} reminders")
