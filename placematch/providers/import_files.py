# SPDX-License-Identifier: MPL-2.0
"""providers: the registry import's columns and limits, read by the shared reader in core."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext_lazy as _

from placematch.core import import_files as files
from placematch.core.import_files import (
    CSV_FIELD_LIMIT,
    MAX_CELL_CHARS,
    ImportFileError,
    Layout,
    RowError,
    Table,
)

__all__ = [
    "COLUMNS",
    "CSV_FIELD_LIMIT",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_UNPACKED_BYTES",
    "REQUIRED",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "Table",
    "read_table",
]

# (column, required): the layout documented in IMPORT.md, one row per place and approval.
COLUMNS: tuple[tuple[str, bool], ...] = (
    ("tilbud_id", True),
    ("tilbud_navn", True),
    ("tilbudsform", True),
    ("ansvarlig_kommune", False),
    ("postnummer", True),
    ("adresse", False),
    ("kontaktperson", False),
    ("email", False),
    ("telefon", False),
    ("plads_id", True),
    ("plads_navn", True),
    ("pladstype", True),
    ("antal_pladser", True),
    ("takst", False),
    ("tilsyn", True),
    ("maalgrupper", False),
    ("alder_fra", True),
    ("alder_til", True),
    ("gyldig_fra", True),
    ("gyldig_til", False),
    ("vilkaar", False),
    ("skaerpet_tilsyn", False),
    ("paabud", False),
    ("barn_ref", False),
    ("foer_endelig_godkendelse", False),
)
REQUIRED = [name for name, required in COLUMNS if required]
MAX_ROWS = files.MAX_ROWS
MAX_FILE_BYTES = files.MAX_FILE_BYTES
MAX_XLSX_UNPACKED_BYTES = files.MAX_XLSX_UNPACKED_BYTES


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    providers_created: int = 0
    places_created: int = 0
    approvals_created: int = 0
    written: bool = False

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


def read_table(filename: str, data: bytes | IO[bytes]) -> Table:
    """The data rows of a registry export; the limits are read when called (tests lower them)."""
    layout = Layout(
        columns=COLUMNS,
        empty_message=_("The file is empty. Choose the file with the registry export."),
        no_rows_message=_("The file has a header row but no rows with places."),
        max_rows=MAX_ROWS,
        max_file_bytes=MAX_FILE_BYTES,
        max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES,
    )
    return files.read_table(filename, data, layout)
