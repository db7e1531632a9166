# SPDX-License-Identifier: MPL-2.0
"""Daily: holds whose expiry date has come are released (they stopped counting that day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from placematch.providers.ledger import holds_expire


class Command(BaseCommand):
    help = "Release the holds on places whose expiry date has come."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        released = holds_expire(day=today)
        self.stdout.write(f"{today.isoformat()}: {released} holds released")
