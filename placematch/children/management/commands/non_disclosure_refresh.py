# SPDX-License-Identifier: MPL-2.0
"""Daily: end the non-disclosure flag of cases whose § 105 decisions expired or lapsed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from placematch.children.services_disclosure import non_disclosure_refresh


class Command(BaseCommand):
    help = "Set each case's non-disclosure flag from the § 105 decisions in force today."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = non_disclosure_refresh()
        # Ids only: the command's output goes to logs, which never hold personal data.
        for pk in changed:
            self.stdout.write(f"changed case={pk}")
        self.stdout.write(f"{timezone.localdate().isoformat()}: {len(changed)} changed")
