# SPDX-License-Identifier: MPL-2.0
"""evaluation: the export's files (a ZIP of CSV files, or one XLSX workbook) and reading them back.

Both carry the data, the data dictionary (every field, its type, definition and codes) and the
anonymity report. The readers take each field's type from the file's own dictionary, so a
recipient's program can do the same; the tests read every export back into the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import fields
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from placematch.evaluation.dictionary import (
    TABLES,
    AnswerRow,
    FieldSpec,
    Kind,
    PlacementRow,
    dictionary,
    read_value,
    write_value,
)
from placematch.evaluation.export import Export

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
DICTIONARY_HEADER = ("table", "field", "type", "definition", "code", "label")
Rows = dict[str, list[Any]]


def _rows_of(export: Export) -> Rows:
    return {"placements": list(export.placements), "answers": list(export.answers)}


def _dictionary_rows(specs: dict[str, list[FieldSpec]]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for table, table_specs in specs.items():
        for spec in table_specs:
            rows.append((table, spec.name, spec.kind.value, spec.definition, "", ""))
            rows.extend((table, spec.name, "", "", code, label) for code, label in spec.codes)
    return rows


def _about(export: Export) -> list[tuple[str, str]]:
    return [
        (_("Recipient"), export.recipient.name),
        (_("Municipality number"), export.municipality),
        (_("Period (placements started)"), f"{export.first} – {export.last}"),
        *export.report.lines(),
    ]


def dictionary_json(export: Export) -> str:
    specs = dictionary()
    return json.dumps(
        {
            "tables": {
                table: [
                    {
                        "field": s.name,
                        "type": s.kind.value,
                        "definition": s.definition,
                        "codes": [{"code": c, "label": label} for c, label in s.codes],
                    }
                    for s in table_specs
                ]
                for table, table_specs in specs.items()
            },
            "report": [{"item": item, "value": value} for item, value in _about(export)],
        },
        ensure_ascii=False,
        indent=2,
    )


def _values(row: object, names: list[str]) -> list[Any]:
    # Not dataclasses.astuple: it deep-copies every value, 10 times slower on a national export.
    return [getattr(row, name) for name in names]


def _csv(rows: list[tuple[Any, ...]], header: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_csv_zip(export: Export) -> bytes:
    """placements.csv, answers.csv, dictionary.csv, dictionary.json and report.csv in a ZIP."""
    specs = dictionary()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for table, rows in _rows_of(export).items():
            kinds = [s.kind for s in specs[table]]
            names = [s.name for s in specs[table]]
            values = [
                tuple(write_value(k, v) for k, v in zip(kinds, _values(row, names), strict=True))
                for row in rows
            ]
            bundle.writestr(f"{table}.csv", _csv(values, tuple(names)))
        bundle.writestr("dictionary.csv", _csv(_dictionary_rows(specs), DICTIONARY_HEADER))
        bundle.writestr("dictionary.json", dictionary_json(export).encode("utf-8"))
        bundle.writestr("report.csv", _csv(_about(export), ("item", "value")))
    return buffer.getvalue()


def _cell(kind: Kind, value: object) -> object:
    if value is None or value == "":
        return None
    if kind is Kind.FLAG:
        return 1 if value else 0
    return value


def write_xlsx(export: Export) -> bytes:
    """One workbook: a sheet per table, the dictionary and the report (streamed, write-only)."""
    specs = dictionary()
    book = Workbook(write_only=True)
    for table, rows in _rows_of(export).items():
        sheet = book.create_sheet(table)
        names = [s.name for s in specs[table]]
        sheet.append(names)
        kinds = [s.kind for s in specs[table]]
        for row in rows:
            sheet.append([_cell(k, v) for k, v in zip(kinds, _values(row, names), strict=True)])
    sheet = book.create_sheet("dictionary")
    sheet.append(DICTIONARY_HEADER)
    for entry in _dictionary_rows(specs):
        sheet.append(list(entry))
    sheet = book.create_sheet("report")
    sheet.append(["item", "value"])
    for item, value in _about(export):
        sheet.append([item, value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _kinds_from(dictionary_rows: list[list[str]]) -> dict[str, dict[str, Kind]]:
    """Each table's field types, read from a dictionary written by ``_dictionary_rows``."""
    kinds: dict[str, dict[str, Kind]] = {}
    for table, name, kind, *_rest in dictionary_rows:
        if kind:
            kinds.setdefault(table, {})[name] = Kind(kind)
    return kinds


def _typed(
    table: str, header: list[str], raw_rows: list[list[str]], kinds: dict[str, Kind]
) -> list[Any]:
    row_type = TABLES[table]
    if header != [f.name for f in fields(row_type)]:
        raise ValueError(f"{table}: the columns do not match the dictionary")
    typed: list[dict[str, Any]] = [
        {name: read_value(kinds[name], value) for name, value in zip(header, raw, strict=True)}
        for raw in raw_rows
    ]
    return [row_type(**values) for values in typed]


def read_csv_zip(data: bytes) -> dict[str, list[PlacementRow] | list[AnswerRow]]:
    """The rows of a CSV export, typed by its own dictionary."""
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:

        def rows(name: str) -> list[list[str]]:
            return list(csv.reader(io.StringIO(bundle.read(name).decode("utf-8"))))

        kinds = _kinds_from(rows("dictionary.csv")[1:])
        result: dict[str, Any] = {}
        for table in TABLES:
            header, *body = rows(f"{table}.csv")
            result[table] = _typed(table, header, body, kinds[table])
    return result


def read_xlsx(data: bytes) -> dict[str, list[PlacementRow] | list[AnswerRow]]:
    """The rows of an XLSX export, typed by its own dictionary sheet."""
    book = load_workbook(io.BytesIO(data), read_only=True)

    def rows(name: str) -> list[list[str]]:
        return [
            ["" if v is None else str(v) for v in values]
            for values in book[name].iter_rows(values_only=True)
        ]

    kinds = _kinds_from(rows("dictionary")[1:])
    result: dict[str, Any] = {}
    for table in TABLES:
        header, *body = rows(table)
        result[table] = _typed(table, header, body, kinds[table])
    return result
