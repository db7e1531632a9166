# SPDX-License-Identifier: MPL-2.0
"""Import providers, places and approvals from a CSV or XLSX registry export (see IMPORT.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placematch.accounts.models import Role, User
from placematch.providers.importing import ImportFileError, providers_import


class Command(BaseCommand):
    help = "Import providers, places and approvals; nothing is written if any row has an error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", required=True, help="User name of the municipal admin doing the import."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file only.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(
            username=options["user"], role=Role.ADMIN, organisation__kind="municipality"
        ).first()
        if actor is None:
            raise CommandError(f"{options['user']} is not a municipal administrator.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open("rb") as file:
                result = providers_import(
                    actor=actor, filename=path.name, data=file, dry_run=options["dry_run"]
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row_error in result.errors:
            self.stderr.write(f"række {row_error.row}, {row_error.column}: {row_error.message}")
        if result.errors:
            raise CommandError(f"Intet importeret: {len(result.error_rows)} rækker har fejl.")
        if result.written:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Importeret: {result.providers_created} tilbud, {result.places_created} "
                    f"pladser, {result.approvals_created} godkendelser."
                )
            )
        else:
            self.stdout.write(f"Ingen fejl i {result.rows} rækker. Intet importeret (--dry-run).")
