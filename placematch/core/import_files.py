# SPDX-License-Identifier: MPL-2.0
"""Reading an import file (CSV or XLSX) row by row, with whole-file checks and limits (ADR 0009).

The providers' registry import and the children's case import share it; each names its
columns and its messages in a ``Layout``.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import threading
import zipfile
import zlib
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

MAX_ROWS = 20_000
MAX_FILE_BYTES = 20 * 1024 * 1024
# An XLSX is a zip: 20 MB packed can hide gigabytes of XML. A file of MAX_ROWS full rows
# unpacks to well under this, so anything bigger is refused before a single row is parsed.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
# Columns beyond this are ignored (they cannot be named ones); it also bounds a row whose
# last cell sits in column XFD.
MAX_COLUMNS = 200
# The longest value a column may hold (the conditions are the longest free text); Excel
# itself stops at 32,767 characters a cell.
MAX_CELL_CHARS = 10_000
# The csv module refuses fields over 131,072 characters with an exception; the import reads
# up to this and reports anything longer as a row error.
CSV_FIELD_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class Layout:
    """One import's columns as (name, required), its messages and its limits."""

    columns: tuple[tuple[str, bool], ...]
    # "The file is empty": names what the file should have been.
    empty_message: str | Promise
    # A header and no data rows: names what the rows should have held.
    no_rows_message: str | Promise
    max_rows: int = MAX_ROWS
    max_file_bytes: int = MAX_FILE_BYTES
    max_unpacked_bytes: int = MAX_XLSX_UNPACKED_BYTES
    # A formula's stored result may be stale or missing: refuse the cell, ask for values.
    refuse_formulas: bool = False

    @property
    def required(self) -> list[str]:
        return [name for name, required in self.columns if required]


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, delimiter, columns, format, size)."""


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the file, the header being row 1
    column: str
    message: str


@dataclass
class Table:
    """The data rows as (row number, column -> text), and rows that could not be read."""

    rows: list[tuple[int, dict[str, str]]]
    errors: list[RowError]
    header: list[str] = field(default_factory=list)


class _UnreadableRowError(Exception):
    """A row the reader cannot get past; reading stops there."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


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


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


def _not_excel() -> ImportFileError:
    return ImportFileError(
        _("The file cannot be read as an Excel file (.xlsx). Save it again as .xlsx or CSV.")
    )


def _damaged_excel() -> ImportFileError:
    return ImportFileError(
        _(
            "The Excel file is damaged or incomplete, so it cannot be read. Save it again as "
            ".xlsx or CSV and import the new file."
        )
    )


def _too_many_rows(layout: Layout) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows. Import at most %(max)s rows at a time.")
        % {"max": _count(layout.max_rows)}
    )


# What a broken zip or sheet raises while it is read: a cut-off or altered stream, XML that
# is not well formed (ParseError is a SyntaxError), a part or shared string that is missing,
# zip features Python cannot unpack (NotImplementedError) or encryption (RuntimeError).
_BROKEN_XLSX = (
    zipfile.BadZipFile,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    SyntaxError,
)


def _xlsx_rows(
    source: IO[bytes], layout: Layout
) -> Generator[tuple[int, list[str], list[int]], None, None]:
    """The first sheet's rows as (row number, texts), parsed one row at a time.

    openpyxl's read-only worksheet first looks for the sheet's size and, when the file does
    not state it, parses the whole sheet for it; the sheet is therefore parsed here with
    openpyxl's own row parser, which reads only as far as the rows are taken. With
    ``layout.refuse_formulas`` the formulas are read instead of their stored results, and
    the columns (from 0) holding one are named with the row.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet._reader import WorkSheetParser

    looks_zipped = source.read(4) == b"PK\x03\x04"
    source.seek(0)
    try:
        reader = ExcelReader(source, read_only=True, data_only=not layout.refuse_formulas)
    except (InvalidFileException, *_BROKEN_XLSX) as error:
        raise (_damaged_excel() if looks_zipped else _not_excel()) from error
    with reader.archive:
        # Sizes as the zip states them: a part is never unpacked beyond its stated size.
        if sum(info.file_size for info in reader.archive.infolist()) > layout.max_unpacked_bytes:
            raise ImportFileError(
                _(
                    "The Excel file is too large to import at once. Import at most %(max)s "
                    "rows at a time: split it into smaller files."
                )
                % {"max": _count(layout.max_rows)}
            )
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except KeyError as error:
            # A zip without the parts of a workbook, e.g. a zipped folder or a Word file.
            raise _not_excel() from error
        except _BROKEN_XLSX as error:
            raise _damaged_excel() from error
        if not sheets:
            raise _not_excel()
        workbook = reader.wb
        try:
            with reader.archive.open(sheets[0]) as sheet:
                parser = WorkSheetParser(
                    sheet,
                    reader.shared_strings,
                    data_only=not layout.refuse_formulas,
                    epoch=workbook.epoch,
                    date_formats=workbook._date_formats,
                    timedelta_formats=workbook._timedelta_formats,
                )
                for number, cells in parser.parse():
                    width = min(max((c["column"] for c in cells), default=0), MAX_COLUMNS)
                    texts = [""] * width
                    formulas = []
                    for c in cells:
                        if c["column"] <= width:
                            if c["data_type"] == "f":
                                formulas.append(c["column"] - 1)
                                continue
                            texts[c["column"] - 1] = _cell(c["value"])
                    yield number, texts, formulas
        except _BROKEN_XLSX as error:
            raise _damaged_excel() from error


_field_limit_lock = threading.Lock()


def _csv_rows(source: IO[bytes]) -> Generator[tuple[int, list[str], list[int]], None, None]:
    """The records as (row number, texts), decoded and parsed one record at a time."""
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        header = first.rstrip("\r\n")
        if header and ";" not in header:
            found = {",": _("commas"), "\t": _("tabs"), "|": _("vertical bars")}
            used = next((name for sep, name in found.items() if sep in header), None)
            if used is not None:
                raise ImportFileError(
                    _(
                        "The columns are separated by %(used)s, but the import needs semicolons "
                        "(;). Save the file as 'CSV (semicolon separated)' and try again."
                    )
                    % {"used": used}
                )
        records = csv.reader(itertools.chain([first], text), delimiter=";")
        # The limit is global to the csv module: raise it only while this file is read, and
        # let one import at a time do so, so no other reader finds it changed under it.
        with _field_limit_lock:
            previous = csv.field_size_limit(CSV_FIELD_LIMIT)
            try:
                for number in itertools.count(1):
                    try:
                        record = next(records)
                    except StopIteration:
                        return
                    except csv.Error as error:
                        raise _UnreadableRowError(_csv_row_error(number, error)) from error
                    yield number, [c.strip() for c in record[:MAX_COLUMNS]], []
            finally:
                csv.field_size_limit(previous)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not saved as UTF-8 (it may be Windows-1252 or ISO-8859-1), so "
                "Danish letters would be wrong. In Excel choose 'Save as' and 'CSV UTF-8 "
                "(semicolon separated)', then try again."
            )
        ) from error
    finally:
        # Closing the text layer would close the upload under it.
        text.detach()


def _csv_row_error(number: int, error: csv.Error) -> RowError:
    if "field limit" in str(error):
        message = _(
            "A value in this row is longer than %(max)s characters. The file was not read "
            "beyond this row."
        ) % {"max": _count(CSV_FIELD_LIMIT)}
    else:
        message = _(
            "The row cannot be read: check its quotation marks and special characters. The "
            "file was not read beyond this row."
        )
    return RowError(number, "", message)


def _size(source: IO[bytes]) -> int:
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(0)
    return size


def read_table(filename: str, data: bytes | IO[bytes], layout: Layout) -> Table:
    """The data rows, after checking the size and the header; stops at the row limit.

    Rows are read one at a time, so a file over the limit is refused once row
    ``layout.max_rows + 1`` is reached, without reading the rest.
    """
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    size = _size(source)
    if not size:
        raise ImportFileError(str(layout.empty_message))
    if size > layout.max_file_bytes:
        raise ImportFileError(_("The file is larger than 20 MB. Split it into smaller files."))
    is_zip = source.read(4) == b"PK\x03\x04"
    source.seek(0)
    if filename.lower().endswith(".xlsx") or is_zip:
        records = _xlsx_rows(source, layout)
    elif filename.lower().endswith((".csv", ".txt")):
        records = _csv_rows(source)
    else:
        raise ImportFileError(_("Choose a CSV file (.csv) or an Excel file (.xlsx)."))
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    with closing(records):
        first = next(records, None)
        if first is None or first[0] != 1 or not any(first[1]):
            raise ImportFileError(
                _("The file has no header row. The first row must name the columns.")
            )
        header = [h.strip().lower() for h in first[1]]
        _check_header(header, layout)
        known = {name for name, _required in layout.columns}
        count = 0
        try:
            for number, cells, formulas in records:
                if not any(cells) and not formulas:
                    continue
                count += 1
                if count > layout.max_rows:
                    raise _too_many_rows(layout)
                values = {
                    name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)
                }
                refused = [
                    RowError(
                        number,
                        header[i] if i < len(header) else "",
                        _(
                            "The cell holds a formula. Save the file with values only "
                            "(copy the cells and paste them as values) and import it again."
                        ),
                    )
                    for i in formulas
                ]
                refused += [
                    RowError(
                        number,
                        name,
                        _("The value is %(n)s characters long; a column holds at most %(max)s.")
                        % {"n": _count(len(value)), "max": _count(MAX_CELL_CHARS)},
                    )
                    for name, value in values.items()
                    if name in known and len(value) > MAX_CELL_CHARS
                ]
                errors += refused
                if not refused:
                    rows.append((number, values))
        except _UnreadableRowError as unreadable:
            errors.append(unreadable.error)
    # A first row that cannot be read is that row's error, not a file without rows.
    if not count and not errors:
        raise ImportFileError(str(layout.no_rows_message))
    return Table(rows, errors, header)


def _check_header(header: list[str], layout: Layout) -> None:
    missing = [name for name in layout.required if name not in header]
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
