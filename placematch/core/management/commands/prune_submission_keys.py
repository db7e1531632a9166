# SPDX-License-Identifier: MPL-2.0
"""Delete one-time submission keys older than their lifetime (24 hours); run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from placematch.core.idempotency import KEY_LIFETIME, prune


class Command(BaseCommand):
    help = "Delete expired one-time submission keys."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune()
        hours = int(KEY_LIFETIME.total_seconds() // 3600)
        self.stdout.write(f"Deleted {deleted} submission keys older than {hours} hours.")
