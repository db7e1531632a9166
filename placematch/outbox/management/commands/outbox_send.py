# SPDX-License-Identifier: MPL-2.0
"""Send the outbox's due messages; run every minute (or with --loop beside the server)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from placematch.outbox.services import outbox_deliver


class Command(BaseCommand):
    help = "Send the due messages in the outbox, with retries and backoff (ids only in output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=100, help="Messages per round.")
        parser.add_argument(
            "--loop",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Keep running, waiting this long between rounds (development).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            report = outbox_deliver(limit=options["limit"])
            if report.sent or report.retrying or report.failed or not options["loop"]:
                self.stdout.write(
                    f"outbox: sent {report.sent}, retrying {report.retrying}, "
                    f"failed {report.failed}"
                )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
