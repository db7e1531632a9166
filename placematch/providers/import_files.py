# SPDX-License-Identifier: MPL-2.0
"""providers: reading an import file (CSV or XLSX) into rows, with whole-file checks."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

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
MAX_ROWS = 20_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, delimiter, columns, format)."""


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the file, the header being row 1
    column: str
    message: str


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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("The file cannot be read as an Excel file (.xlsx). Save it again as .xlsx or CSV.")
        ) from error
    sheet = workbook.worksheets[0]
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not saved as UTF-8 (it may be Windows-1252 or ISO-8859-1), so "
                "Danish letters would be wrong. In Excel choose 'Save as' and 'CSV UTF-8 "
                "(semicolon separated)', then try again."
            )
        ) from error
    first = text.splitlines()[0] if text.strip() else ""
    if first and ";" not in first:
        found = {",": _("commas"), "\t": _("tabs"), "|": _("vertical bars")}
        used = next((name for sep, name in found.items() if sep in first), None)
        if used is not None:
            raise ImportFileError(
                _(
                    "The columns are separated by %(used)s, but the import needs semicolons (;). "
                    "Save the file as 'CSV (semicolon separated)' and try again."
                )
                % {"used": used}
            )
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=";")]


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (row number, column -> text), after checking the header."""
    if not data:
        raise ImportFileError(_("The file is empty. Choose the file with the registry export."))
    is_zip = data[:4] == b"PK\x03\x04"
    if filename.lower().endswith(".xlsx") or is_zip:
        rows = _read_xlsx(data)
    elif filename.lower().endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise ImportFileError(_("Choose a CSV file (.csv) or an Excel file (.xlsx)."))
    if not rows or not any(rows[0]):
        raise ImportFileError(_("The file has no header row. The first row must name the columns."))
    header = [h.strip().lower() for h in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _("The file lacks these columns: %(missing)s. See the column layout below.")
            % {"missing": ", ".join(missing)}
        )
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if doubled:
        raise ImportFileError(
            _("These columns appear more than once: %(cols)s.") % {"cols": ", ".join(doubled)}
        )
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        result.append((number, values))
    if not result:
        raise ImportFileError(_("The file has a header row but no rows with places."))
    if len(result) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(n)d rows; import at most %(max)d at a time.")
            % {"n": len(result), "max": MAX_ROWS}
        )
    return result
