# SPDX-License-Identifier: MPL-2.0
"""Back up every table and every stored document into a new directory, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placematch.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the stored documents into DIRECTORY (new or empty)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["directory"]
        try:
            manifest = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table.rows for table in manifest.tables)
        if options["verbosity"]:
            self.stdout.write(
                f"Backed up {len(manifest.tables)} tables ({rows} rows) and "
                f"{len(manifest.documents)} documents to {target}; hashes in its manifest.json."
            )
