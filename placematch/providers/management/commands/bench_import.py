# SPDX-License-Identifier: MPL-2.0
"""``manage.py bench_import``: how fast and in how little memory the import refuses big files.

Writes, in a temporary folder, an XLSX laid out as Excel writes one (shared strings, the
sheet's size stated) with about 400,000 rows of fictitious places, then times the import's
reading until it refuses the file and records the peak of Python's allocations (tracemalloc)
and the process's peak resident memory. It does the same for a file the size check lets
through (60,000 rows, no stated size: read row by row until row 20,001) and for a file at the
limit (20,000 rows, read to the end), and for a 140,000-row CSV under the size limit.
Nothing touches the database.
"""

from __future__ import annotations

import resource
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.core.management.base import BaseCommand, CommandParser
from openpyxl.utils import get_column_letter

from placematch.providers.import_files import COLUMNS, MAX_ROWS, ImportFileError, read_table

HEADER = [name for name, _required in COLUMNS]
LETTERS = [get_column_letter(i + 1) for i in range(len(HEADER))]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# Texts the same on every row, then each provider's (three places each) followed by its
# places' own: as in Excel, a text is stored once and cells refer to it by number, so the
# numbers follow from the row number.
CONSTANT = ["residential", "Opholdssted", "Socialtilsyn Midt", "2025-01-01"]
PROVIDER = ["tilbud_id", "tilbud_navn"]
PLACE = ["plads_id", "plads_navn"]
PER_PROVIDER = 3
BLOCK = len(PROVIDER) + PER_PROVIDER * len(PLACE)
NUMBERS = {"postnummer": 8000, "antal_pladser": 4, "alder_fra": 6, "alder_til": 17}
CONSTANT_COLUMNS = {"tilbudsform": 0, "pladstype": 1, "tilsyn": 2, "gyldig_fra": 3}


def _strings(rows: int) -> Iterator[str]:
    yield from HEADER
    yield from CONSTANT
    for block in range(-(-rows // PER_PROVIDER)):
        yield from (f"T-{block}", f"Prøvelund {block} (fiktiv)")
        for n in range(block * PER_PROVIDER, min(rows, (block + 1) * PER_PROVIDER)):
            yield from (f"P-{n}", f"Afdeling {n}")


def _row_xml(number: int, n: int) -> str:
    block = len(HEADER) + len(CONSTANT) + BLOCK * (n // PER_PROVIDER)
    own = {name: block + i for i, name in enumerate(PROVIDER)}
    first_place = block + len(PROVIDER) + len(PLACE) * (n % PER_PROVIDER)
    own.update({name: first_place + i for i, name in enumerate(PLACE)})
    cells = []
    for letter, name in zip(LETTERS, HEADER, strict=True):
        ref = f"{letter}{number}"
        if name in NUMBERS:
            cells.append(f'<c r="{ref}"><v>{NUMBERS[name]}</v></c>')
        elif name in CONSTANT_COLUMNS:
            index = len(HEADER) + CONSTANT_COLUMNS[name]
            cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        elif name in own:
            cells.append(f'<c r="{ref}" t="s"><v>{own[name]}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def write_xlsx(path: Path, rows: int, *, state_size: bool = True) -> None:
    """An XLSX of ``rows`` fictitious places (plus the header), written as a stream."""
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'{xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{SHEET_TYPE}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{SHEET_TYPE}.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'{xml}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'{xml}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            f'<sheet name="Tilbud" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{xml}<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" '
            f'Target="sharedStrings.xml"/></Relationships>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'{xml}<sst xmlns="{MAIN}">'.encode())
            chunk: list[str] = []
            for text in _strings(rows):
                chunk.append(f"<si><t>{escape(text)}</t></si>")
                if len(chunk) == 10_000:
                    part.write("".join(chunk).encode())
                    chunk = []
            part.write(("".join(chunk) + "</sst>").encode())
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            size = f'<dimension ref="A1:{LETTERS[-1]}{rows + 1}"/>' if state_size else ""
            part.write(f'{xml}<worksheet xmlns="{MAIN}">{size}<sheetData>'.encode())
            header = "".join(
                f'<c r="{letter}1" t="s"><v>{i}</v></c>' for i, letter in enumerate(LETTERS)
            )
            chunk = [f'<row r="1">{header}</row>']
            for n in range(rows):
                chunk.append(_row_xml(n + 2, n))
                if len(chunk) == 5_000:
                    part.write("".join(chunk).encode())
                    chunk = []
            part.write(("".join(chunk) + "</sheetData></worksheet>").encode())


def write_csv(path: Path, rows: int) -> None:
    """A semicolon-separated UTF-8 file of the same places."""
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(";".join(HEADER) + "\n")
        for n in range(rows):
            values = {
                "tilbud_id": f"T-{n // PER_PROVIDER}",
                "tilbud_navn": f"Prøvelund {n // PER_PROVIDER} (fiktiv)",
                "plads_id": f"P-{n}",
                "plads_navn": f"Afdeling {n}",
                **{name: str(value) for name, value in NUMBERS.items()},
                **{name: CONSTANT[i] for name, i in CONSTANT_COLUMNS.items()},
            }
            file.write(";".join(values.get(name, "") for name in HEADER) + "\n")


def _read(path: Path) -> str:
    try:
        with path.open("rb") as file:
            table = read_table(path.name, file)
    except ImportFileError as error:
        return f"refused: {error}"
    return f"read {len(table.rows):,} rows"


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KiB"


def _peak_rss_mib() -> float:
    # Linux reports kibibytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Time the import's refusal of a 400,000-row XLSX and record its peak memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=400_000, help="Rows of the big file.")

    def handle(self, *args: Any, **options: Any) -> None:
        with tempfile.TemporaryDirectory() as folder:
            cases = [
                ("big", options["rows"], True),
                ("over the limit, no stated size", 3 * MAX_ROWS, False),
                ("at the limit", MAX_ROWS, True),
            ]
            for label, rows, state_size in cases:
                path = Path(folder) / f"{rows}.xlsx"
                started = time.perf_counter()
                write_xlsx(path, rows, state_size=state_size)
                written = time.perf_counter() - started
                self._measure(label, path, rows, written)
                path.unlink()
            path = Path(folder) / "over-the-limit.csv"
            started = time.perf_counter()
            write_csv(path, 7 * MAX_ROWS)
            self._measure("CSV over the limit", path, 7 * MAX_ROWS, time.perf_counter() - started)

    def _measure(self, label: str, path: Path, rows: int, written: float) -> None:
        started = time.perf_counter()
        outcome = _read(path)
        elapsed = time.perf_counter() - started
        # Again under tracemalloc, which slows allocation-heavy code several times over.
        tracemalloc.start()
        _read(path)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = path.stat().st_size / 1024 / 1024
        kind = path.suffix[1:].upper()
        self.stdout.write(
            f"import, {label}: {rows:,} rows, {size:.1f} MB {kind} (written in {written:.1f} s)\n"
            f"  {outcome}\n"
            f"  {elapsed:.2f} s, peak Python allocations {_mib(peak)}, "
            f"process peak RSS so far {_peak_rss_mib():.0f} MiB"
        )
