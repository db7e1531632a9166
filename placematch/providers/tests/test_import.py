# SPDX-License-Identifier: MPL-2.0
"""Import from CSV and XLSX: whole-file validation, one transaction, clear errors."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from placematch.providers import import_files
from placematch.providers.import_files import CSV_FIELD_LIMIT, MAX_CELL_CHARS
from placematch.providers.importing import COLUMNS, ImportFileError, providers_import
from placematch.providers.models import Approval, Place, Provider
from placematch.providers.selectors import provider_data_version

HEADER = [name for name, _required in COLUMNS]


def row(n: int, **overrides: str) -> dict[str, str]:
    values = {
        "tilbud_id": f"T-{n // 3}",
        "tilbud_navn": f"Opholdsstedet Prøvelund {n // 3} (fiktiv)",
        "tilbudsform": "residential",
        "postnummer": "8000",
        "plads_id": f"P-{n}",
        "plads_navn": f"Afdeling {n}",
        "pladstype": "Opholdssted",
        "antal_pladser": "4",
        "takst": "2.450,50",
        "tilsyn": "Socialtilsyn Midt",
        "maalgrupper": "adhd, Autisme",
        "alder_fra": "6",
        "alder_til": "17",
        "gyldig_fra": "2025-01-01",
        "skaerpet_tilsyn": "nej",
    }
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict[str, str]], header: list[str] = HEADER, sep: str = ";") -> bytes:
    lines = [sep.join(header)] + [sep.join(r.get(h, "") for h in header) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(admin, data: bytes, filename: str = "tilbud.csv", **kwargs):
    return providers_import(actor=admin, filename=filename, data=data, **kwargs)


@pytest.fixture
def admin(users):
    return users[("own", "admin")]


def test_a_good_file_imports_providers_places_and_approvals(admin, municipality):
    rows = [row(n) for n in range(6)]
    rows.append(
        row(
            6,
            tilbud_id="NET-1",
            tilbud_navn="Plejefamilien Testesen (fiktiv)",
            tilbudsform="Plejefamilie",
            ansvarlig_kommune="901",
            pladstype="foster_family_network",
            antal_pladser="1",
            tilsyn="kommune",
            barn_ref=str(uuid.uuid4()),
            foer_endelig_godkendelse="ja",
        )
    )
    before = provider_data_version()
    result = run(admin, csv_bytes(rows))
    assert result.errors == []
    assert (result.providers_created, result.places_created, result.approvals_created) == (3, 7, 7)
    place = Place.objects.get(registry_id="P-0")
    assert place.capacity == 4
    assert str(place.price_per_day) == "2450.50"
    assert place.approvals.get().target_groups == ["adhd", "autism"]
    family = Provider.objects.get(registry_id="NET-1")
    assert family.responsible_municipality == municipality
    assert family.organisation.is_provider
    network = Approval.objects.get(place__provider=family)
    assert network.approving_municipality == municipality
    assert network.before_final_approval
    assert provider_data_version() == before + 1


@pytest.mark.slow
def test_a_5000_row_file_imports_in_one_transaction(admin, django_assert_max_num_queries):
    rows = [row(n) for n in range(5000)]
    # Bulk writes: the number of queries does not grow with rows one by one.
    with django_assert_max_num_queries(600):
        result = run(admin, csv_bytes(rows))
    assert result.errors == []
    assert Place.objects.count() == 5000
    assert Approval.objects.count() == 5000
    assert Provider.objects.count() == 1667


def test_a_failure_while_writing_rolls_everything_back(admin, monkeypatch):
    from placematch.accounts.models import Organisation
    from placematch.providers import importing

    organisations = Organisation.objects.count()

    def broken() -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "data_version_bump", broken)
    with pytest.raises(RuntimeError):
        run(admin, csv_bytes([row(n) for n in range(9)]))
    assert Place.objects.count() == Provider.objects.count() == Approval.objects.count() == 0
    assert Organisation.objects.count() == organisations


def test_three_bad_rows_import_nothing_and_are_reported_with_reasons(admin):
    rows = [row(n) for n in range(40)]
    rows[4]["postnummer"] = "0001"
    rows[17]["alder_til"] = "tre"
    rows[30]["pladstype"] = "Hytte"
    result = run(admin, csv_bytes(rows))
    # Data row i is file row i + 2 (the header is row 1).
    assert result.error_rows == [6, 19, 32]
    reasons = {(e.row, e.column): e.message for e in result.errors}
    assert reasons == {
        (6, "postnummer"): "'0001' er ikke et dansk postnummer.",
        (19, "alder_til"): "'tre' er ikke et helt tal fra 0 til 30.",
        (32, "pladstype"): "'Hytte' er ikke en kendt pladstype.",
    }
    assert not result.written
    assert Place.objects.count() == Provider.objects.count() == 0


def test_a_bad_row_late_in_a_file_leaves_nothing_behind(admin):
    rows = [row(n) for n in range(10)]
    rows[9]["gyldig_til"] = "2024-01-01"  # before gyldig_fra
    result = run(admin, csv_bytes(rows))
    assert [(e.row, e.column) for e in result.errors] == [(11, "gyldig_til")]
    assert Approval.objects.count() == 0


def test_network_rules_are_checked_per_row(admin):
    rows = [
        row(
            0,
            tilbud_id="NET-1",
            tilbud_navn="Plejefamilien Demolund (fiktiv)",
            tilbudsform="foster_family",
            pladstype="foster_family_network",
            antal_pladser="1",
            tilsyn="kommune",
            ansvarlig_kommune="901",
        ),
        row(1, barn_ref=str(uuid.uuid4())),
    ]
    result = run(admin, csv_bytes(rows))
    assert {(e.row, e.column) for e in result.errors} == {(2, "barn_ref"), (3, "barn_ref")}


def test_duplicate_place_ids_are_refused_with_both_rows(admin):
    rows = [row(0), row(1), row(2, plads_id="P-0")]
    result = run(admin, csv_bytes(rows))
    assert [(e.row, e.column) for e in result.errors] == [(4, "plads_id")]
    assert "også på række 2" in result.errors[0].message


def test_existing_place_ids_are_refused(admin):
    assert run(admin, csv_bytes([row(0)])).written
    result = run(admin, csv_bytes([row(0)]))
    assert "findes allerede" in result.errors[0].message


def test_a_provider_must_keep_one_name(admin):
    rows = [row(0), row(1, tilbud_navn="Et andet navn (fiktiv)")]
    result = run(admin, csv_bytes(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "tilbud_id")]


def test_wrong_encoding_is_refused_clearly(admin):
    data = csv_bytes([row(0, plads_navn="Ærøhuset")]).decode("utf-8").encode("cp1252")
    with pytest.raises(ImportFileError, match="UTF-8"):
        run(admin, data)


def test_wrong_delimiter_is_refused_clearly(admin):
    with pytest.raises(ImportFileError, match=r"adskilt med kommaer.*semikolon"):
        run(admin, csv_bytes([row(0)], sep=","))


def test_a_missing_column_is_named(admin):
    header = [h for h in HEADER if h not in ("postnummer", "gyldig_fra")]
    with pytest.raises(ImportFileError, match="mangler disse kolonner: postnummer, gyldig_fra"):
        run(admin, csv_bytes([row(0)], header=header))


def test_an_empty_file_and_a_wrong_type_are_refused(admin):
    with pytest.raises(ImportFileError, match="tom"):
        run(admin, b"")
    with pytest.raises(ImportFileError, match="CSV"):
        run(admin, b"x", filename="tilbud.pdf")
    with pytest.raises(ImportFileError, match="Excel"):
        run(admin, b"not a zip", filename="tilbud.xlsx")


def test_xlsx_imports_the_same_way(admin):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for n in range(3):
        sheet.append([row(n).get(h, "") for h in HEADER])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(admin, buffer.getvalue(), filename="tilbud.xlsx")
    assert result.written
    assert Place.objects.count() == 3


def test_dry_run_checks_without_writing(admin):
    result = run(admin, csv_bytes([row(0)]), dry_run=True)
    assert result.errors == [] and not result.written
    assert Place.objects.count() == 0


def test_the_command_imports_and_reports_errors(admin, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row(0)]))
    call_command("import_providers", str(good), user=admin.username)
    assert Place.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(5, postnummer="")]))
    with pytest.raises(CommandError, match="Intet importeret: 1 rækker"):
        call_command("import_providers", str(bad), user=admin.username)
    with pytest.raises(CommandError, match="not a municipal administrator"):
        call_command("import_providers", str(good), user="nobody")


def test_the_import_page_shows_the_row_errors(admin, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    rows = [row(0), row(1, antal_pladser="0")]
    upload = SimpleUploadedFile("tilbud.csv", csv_bytes(rows), content_type="text/csv")
    url = reverse("providers:import")
    response = client_for(admin).post(url, {"file": upload})
    assert response.status_code == 200
    assert "Intet blev importeret" in response.content.decode()
    assert Place.objects.count() == 0
    bad = SimpleUploadedFile("tilbud.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client_for(admin).post(url, {"file": bad})
    assert "semikolon" in response.content.decode()


# Streaming reads, limits and damaged files ----------------------------------------------------


def xlsx_bytes(rows: list[dict[str, str]], cut_sheet_at: int | None = None) -> bytes:
    """An XLSX of the rows; cut_sheet_at cuts the sheet's XML there inside an intact zip."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for values in rows:
        sheet.append([values.get(h, "") for h in HEADER])
    buffer = io.BytesIO()
    book.save(buffer)
    if cut_sheet_at is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = content[:cut_sheet_at]
            target.writestr(info.filename, content)
    return out.getvalue()


def test_a_200k_character_field_is_a_row_error_and_nothing_is_imported(admin):
    limit = csv.field_size_limit()
    rows = [row(0), row(1, vilkaar="x" * 200_000), row(2)]
    result = run(admin, csv_bytes(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "vilkaar")]
    assert "200.000 tegn" in result.errors[0].message
    assert not result.written
    assert Place.objects.count() == Provider.objects.count() == 0
    # The csv module's limit is raised only while the file is read.
    assert csv.field_size_limit() == limit


def test_a_field_over_the_csv_limit_is_a_row_error_not_a_crash(admin):
    limit = csv.field_size_limit()
    rows = [row(0), row(1), row(2, vilkaar="x" * (CSV_FIELD_LIMIT + 1))]
    result = run(admin, csv_bytes(rows))
    assert result.error_rows == [4]
    assert "længere end 1.048.576 tegn" in result.errors[0].message
    assert Place.objects.count() == 0
    assert csv.field_size_limit() == limit


def test_a_first_row_over_the_csv_limit_is_its_row_error_not_a_file_without_rows(admin):
    giant = "x" * (CSV_FIELD_LIMIT + 1)
    for data in (csv_bytes([row(0, vilkaar=giant)]), csv_bytes([row(0, vilkaar='"' + giant)])):
        result = run(admin, data)
        assert result.error_rows == [2]
        assert "længere end 1.048.576 tegn" in result.errors[0].message
        assert Place.objects.count() == 0


def test_a_long_xlsx_cell_is_a_row_error(admin):
    data = xlsx_bytes([row(0, vilkaar="ø" * (MAX_CELL_CHARS + 1)), row(1)])
    result = run(admin, data, filename="tilbud.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "vilkaar")]
    assert Place.objects.count() == 0


def test_a_truncated_xlsx_is_a_file_error_and_nothing_is_imported(admin):
    data = xlsx_bytes([row(n) for n in range(50)])
    for cut in (len(data) // 2, len(data) - 10):
        with pytest.raises(ImportFileError, match="Excel-filen er beskadiget eller ufuldstændig"):
            run(admin, data[:cut], filename="tilbud.xlsx")
    assert Place.objects.count() == Provider.objects.count() == 0


def test_an_xlsx_whose_sheet_is_cut_off_inside_is_a_file_error(admin):
    # The zip is whole, but the sheet's XML stops in the middle of row 30.
    data = xlsx_bytes([row(n) for n in range(50)], cut_sheet_at=6_000)
    with pytest.raises(ImportFileError, match="beskadiget eller ufuldstændig"):
        run(admin, data, filename="tilbud.xlsx")
    assert Place.objects.count() == 0


def test_a_zip_that_is_no_workbook_is_refused(admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    with pytest.raises(ImportFileError, match="kan ikke læses som en Excel-fil"):
        run(admin, buffer.getvalue(), filename="tilbud.xlsx")


def test_an_xlsx_over_the_row_limit_is_refused_without_reading_the_rest(admin, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 40)
    # The sheet is cut off some 200 kB in, far past row 41 (a reader takes the XML in
    # chunks of tens of kB): a reader that went on would call the file damaged.
    data = xlsx_bytes([row(n) for n in range(2_000)], cut_sheet_at=200_000)
    with pytest.raises(ImportFileError, match="flere end 40 rækker"):
        run(admin, data, filename="tilbud.xlsx")
    assert Place.objects.count() == 0


def test_a_csv_over_the_row_limit_is_refused_without_reading_the_rest(admin, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 40)
    good = csv_bytes([row(n) for n in range(2_000)])
    # Bytes that are not UTF-8 some 200 kB after row 41 (text is decoded in chunks of 8 kB):
    # a reader that went on would call the file's encoding wrong.
    data = good + "ø;".encode("cp1252") * 1000
    with pytest.raises(ImportFileError, match="flere end 40 rækker"):
        run(admin, data)


def test_an_xlsx_that_unpacks_too_large_is_refused_before_parsing(admin, monkeypatch):
    data = xlsx_bytes([row(n) for n in range(200)])
    monkeypatch.setattr(import_files, "MAX_XLSX_UNPACKED_BYTES", 20_000)
    with pytest.raises(ImportFileError, match="Excel-filen er for stor"):
        run(admin, data, filename="tilbud.xlsx")


def test_a_file_over_the_size_limit_is_refused_before_parsing(admin, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportFileError, match="større end 20 MB"):
        run(admin, csv_bytes([row(0), row(1)]))


def test_an_xlsx_without_a_stated_size_imports_with_dates(admin):
    # Write-only workbooks state no sheet size, like some exporting systems.
    when = datetime.date(2025, 2, 1)
    data = xlsx_bytes([row(0, gyldig_fra=when), row(1)])
    result = run(admin, data, filename="tilbud.xlsx")
    assert result.written
    assert Approval.objects.get(place__registry_id="P-0").valid_from == when


def test_the_import_page_reports_a_damaged_xlsx(admin, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    data = xlsx_bytes([row(n) for n in range(5)])
    upload = SimpleUploadedFile("tilbud.xlsx", data[: len(data) // 2])
    response = client_for(admin).post(reverse("providers:import"), {"file": upload})
    assert response.status_code == 200
    assert "beskadiget eller ufuldstændig" in response.content.decode()
    assert Place.objects.count() == 0
