# SPDX-License-Identifier: MPL-2.0
"""Restore a backup into an empty, migrated database and verify every content hash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placematch.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the backup in DIRECTORY into an empty database (run `migrate` first) and "
        "empty file storage, then verify the hash of every table and document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["directory"]
        try:
            manifest = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table.rows for table in manifest.tables)
        if options["verbosity"]:
            self.stdout.write(
                f"Restored {len(manifest.tables)} tables ({rows} rows) and "
                f"{len(manifest.documents)} documents from {source}; every hash matches."
            )
