# SPDX-License-Identifier: MPL-2.0
"""Daily: queue an e-mail to each caseworker and team leader with the count of overdue and
soon-due tasks; the outbox's worker (``outbox_send``) sends it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from placematch.followup.services_tasks import remind


class Command(BaseCommand):
    help = "Queue e-mail reminders of overdue and soon-due tasks in the outbox (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = remind(today=today)
        # Ids and counts only: the command's output goes to logs, which hold no personal data.
        for reminder in sent:
            self.stdout.write(
                f"queued reminder user={reminder.user_id} overdue={reminder.overdue} "
                f"due_soon={reminder.due_soon}"
            )
        self.stdout.write(f"{today.isoformat()}: {len(sent)} reminders")
