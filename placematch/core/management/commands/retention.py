# SPDX-License-Identifier: MPL-2.0
"""Erase personal data past its retention period (run daily); --dry-run reports first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from placematch.core.retention import run


class Command(BaseCommand):
    help = (
        "Erase personal data past its retention period (settings.RETENTION_DAYS), keeping the "
        "pseudonymous figures; with --dry-run, only report what would be erased."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is past its period; erase nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        now = timezone.now()
        reports = run(now=now, dry_run=dry_run)
        self.stdout.write(
            f"Retention {'dry run' if dry_run else 'run'} at {now:%Y-%m-%d %H:%M} UTC:"
        )
        for report in reports:
            verb = "would be erased" if dry_run else f"erased {report.erased}"
            self.stdout.write(
                f"  {report.kind}: {report.found} {report.records} older than "
                f"{report.days} days; {verb}"
            )
