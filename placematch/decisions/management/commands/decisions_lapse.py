# SPDX-License-Identifier: MPL-2.0
"""Daily: provisional decisions (§ 143) the committee did not approve within 7 days lapse."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from placematch.decisions.services import provisional_lapse_due


class Command(BaseCommand):
    help = "Let provisional decisions (§ 143) not approved by the committee in time lapse."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        lapsed = provisional_lapse_due(today=today)
        # Ids only: the command's output goes to logs, which never hold personal data.
        for decision in lapsed:
            self.stdout.write(f"lapsed decision={decision.pk} case={decision.case_id}")
        self.stdout.write(f"{today.isoformat()}: {len(lapsed)} lapsed")
