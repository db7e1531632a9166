# SPDX-License-Identifier: MPL-2.0
"""Delete access-log rows older than PLACEMATCH_AUDIT_RETENTION_DAYS (at least six months)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from placematch.audit.services import access_log_prune


class Command(BaseCommand):
    help = "Delete access-log rows older than the retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = access_log_prune()
        self.stdout.write(
            f"Deleted {deleted} access-log rows older than {settings.AUDIT_RETENTION_DAYS} days."
        )
