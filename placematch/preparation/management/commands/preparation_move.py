# SPDX-License-Identifier: MPL-2.0
"""Daily: place every child whose move date has come; safe to run more than once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from placematch.preparation.services_move import move_due


class Command(BaseCommand):
    help = "Move children whose move date has come: placement, case placed, started placement."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        report = move_due(today=today)
        # Ids only: the command's output goes to logs, which never hold personal data.
        for started in report.placed:
            self.stdout.write(
                f"placed case={started.case_id} place={started.place_id} kind={started.kind} "
                f"on={started.started_on.isoformat()}"
            )
        for plan, problem in report.problems:
            self.stderr.write(f"not placed plan={plan.pk} case={plan.case_id}: {problem}")
        self.stdout.write(
            f"{today.isoformat()}: {len(report.placed)} placed, {len(report.problems)} problems"
        )
