# SPDX-License-Identifier: MPL-2.0
"""Starting cases from the case system's export: good file, every bad input, re-import, scope."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook

from placematch.audit.models import AccessLogEntry
from placematch.children import importing
from placematch.children.importing import (
    CaseImportResult,
    ImportFileError,
    cases_check,
    cases_import,
)
from placematch.children.models import Case, Child, PersonKind, RelatedPerson
from placematch.children.tests.factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("users")]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 10:00 +0200", tick=False):
        yield


SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "case-import.csv"
# A value with the shape of a CPR number (ddmmyy-nnnn), made from its parts here so the
# repository holds no CPR-like literal: the refusal is what is tested, never a real number.
CPR_SHAPED = "-".join(["".join(["02", "03", "14"]), "0" * 4])
HEADER = "sagsnummer;fornavn;efternavn;foedselsdato;postnummer;sagstype;kendt_dato"
GOOD = "S-1;Alma;Eksempelsen;2014-03-02;8000;Første anbringelse;2026-05-01"


def run(user, data: bytes, filename: str = "sager.csv", dry_run: bool = False) -> CaseImportResult:
    result, rows = cases_check(actor=user, filename=filename, data=data)
    if dry_run or result.errors:
        return result
    return cases_import(actor=user, filename=filename, rows=rows, dry_run=False)


def csv(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_documented_sample_creates_children_cases_and_custody_holders(caseworker):
    preview = run(caseworker, SAMPLE.read_bytes(), dry_run=True)
    assert (preview.errors, len(preview.new), preview.existing) == ([], 3, [])
    assert not Child.objects.exists()

    result = run(caseworker, SAMPLE.read_bytes())
    assert result.written and len(result.new) == 3
    case = Case.objects.get(child__case_number="27.24.10-G01-1-26")
    assert (case.child.name, case.case_type, case.legal_basis, case.status) == (
        "Alma Eksempelsen", "first_placement", "s46_consent", "investigation",
    )  # fmt: skip
    assert case.team.name == "Team A" and list(case.caseworkers.all()) == [caseworker]
    assert set(
        RelatedPerson.objects.filter(child=case.child, kind=PersonKind.CUSTODY_HOLDER).values_list(
            "name", flat=True
        )
    ) == {"Bertil Eksempelsen", "Cecilie Eksempelsen"}
    types = dict(Case.objects.values_list("child__first_name", "case_type"))
    assert types == {
        "Alma": "first_placement", "Emil": "change_of_placement", "Frida": "re_placement",
    }  # fmt: skip
    assert (
        AccessLogEntry.objects.filter(object_type="children.import", action="create").count() == 1
    )

    again = run(caseworker, SAMPLE.read_bytes())
    assert (len(again.new), len(again.existing), again.errors) == (0, 3, [])
    assert Child.objects.count() == 3 and RelatedPerson.objects.count() == 3


@pytest.mark.parametrize(
    ("lines", "row", "column"),
    [
        ((HEADER, GOOD.replace("2014-03-02", "31-02-2014")), 2, "foedselsdato"),
        ((HEADER, GOOD.replace("2026-05-01", "i går")), 2, "kendt_dato"),
        ((HEADER, GOOD.replace("2026-05-01", "2026-07-01")), 2, "kendt_dato"),
        ((HEADER, GOOD.replace("2014-03-02", "2004-03-02")), 2, "foedselsdato"),
        ((HEADER, GOOD.replace("Første anbringelse", "Aflastning")), 2, "sagstype"),
        ((HEADER, GOOD.replace("8000", "0001")), 2, "postnummer"),
        ((HEADER, GOOD.replace("Alma", "")), 2, "fornavn"),
        ((HEADER, GOOD, GOOD.replace("Alma", "Ida")), 3, "sagsnummer"),
        ((HEADER + ";team", GOOD + ";Team Ukendt"), 2, "team"),
        ((HEADER + ";lovgrundlag", GOOD + ";§ 999"), 2, "lovgrundlag"),
        ((HEADER, GOOD.replace("S-1", CPR_SHAPED)), 2, "sagsnummer"),
        ((HEADER + ";note", GOOD + ";barnets nummer " + CPR_SHAPED.replace("-", "")), 2, "note"),
    ],
    ids=[
        "no-such-date", "not-a-date", "aware-in-future", "adult", "unknown-case-type",
        "unknown-postcode", "empty-first-name", "duplicate-case-number", "unknown-team",
        "unknown-legal-basis", "cpr-case-number", "cpr-in-other-column",
    ],
)  # fmt: skip
def test_a_bad_row_is_named_and_nothing_is_saved(caseworker, lines, row, column):
    result = run(caseworker, csv(*lines, GOOD.replace("S-1", "S-9")))
    assert (row, column) in [(e.row, e.column) for e in result.errors]
    assert all(e.message for e in result.errors) and not result.written
    errors = str(result.errors)
    assert CPR_SHAPED not in errors and CPR_SHAPED.replace("-", "") not in errors
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "sager.csv", "Filen er tom"),
        (csv("sagsnummer;fornavn", "S-1;Alma"), "sager.csv", "mangler disse kolonner"),
        (csv(HEADER + ";cpr_nr", GOOD + ";"), "sager.csv", "CPR"),
        (csv(HEADER.replace(";", ","), GOOD.replace(";", ",")), "sager.csv", "kommaer"),
        (csv(HEADER), "sager.csv", "ingen rækker med børn"),
        (b"PK\x03\x04 not a workbook", "sager.xlsx", "Excel"),
        (csv(HEADER, *(GOOD.replace("S-1", f"S-{n}") for n in range(201))), "s.csv", "end 200"),
    ],
    ids=["empty", "wrong-header", "cpr-header", "commas", "no-rows", "not-xlsx", "over-200-rows"],
)
def test_a_file_that_cannot_be_imported_is_refused_with_a_reason(
    caseworker, data, filename, message
):
    with pytest.raises(ImportFileError, match=message):
        run(caseworker, data, filename=filename)
    assert not Child.objects.exists()


def test_an_xlsx_formula_is_refused_and_a_huge_xlsx_before_parsing(caseworker, monkeypatch):
    header, good = HEADER.split(";"), GOOD.split(";")
    with_formula = xlsx([header, good, ['=A2&"-2"', *good[1:]]])
    result = run(caseworker, with_formula, filename="sager.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(3, "sagsnummer")]
    assert not Child.objects.exists()
    small = dataclasses.replace(importing.LAYOUT, max_unpacked_bytes=2_000)
    monkeypatch.setattr(importing, "LAYOUT", small)
    with pytest.raises(ImportFileError, match="for stor"):
        run(caseworker, xlsx([header, good]), filename="sager.xlsx")


def test_another_municipality_neither_sees_nor_touches_our_cases(caseworker, users):
    ours = CaseFactory(child__organisation=caseworker.organisation, child__case_number="S-1")
    before = (ours.child.name, ours.child.birth_date, ours.version)
    other = users[("other", "caseworker")]
    result = run(other, csv(HEADER, GOOD))
    assert (len(result.new), result.existing, result.written) == (1, [], True)
    assert Child.objects.filter(case_number="S-1").count() == 2
    ours.refresh_from_db()
    ours.child.refresh_from_db()
    assert (ours.child.name, ours.child.birth_date, ours.version) == before
    assert Child.objects.get(organisation=other.organisation).cases.get().caseworkers.get() == other


def test_the_page_previews_then_creates_once_and_logs(caseworker, client_for):
    client = client_for(caseworker)
    url = reverse("children:case_import")
    page = client.get(url)
    assert page.status_code == 200
    upload = io.BytesIO(SAMPLE.read_bytes())
    upload.name = "sager.csv"
    preview = client.post(url, {"file": upload, "submission_key": "k" * 20})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Alma Eksempelsen" in html and not Child.objects.exists()
    token = preview.context["token"]
    confirm = {"token": token, "submission_key": "c" * 20}
    done = client.post(reverse("children:case_import_confirm"), confirm)
    assert done.status_code == 302 and Child.objects.count() == 3
    client.post(reverse("children:case_import_confirm"), confirm)
    assert Child.objects.count() == 3

    bad = io.BytesIO(csv(HEADER, GOOD.replace("2014-03-02", "31-02-2014")))
    bad.name = "sager.csv"
    refused = client.post(url, {"file": bad, "submission_key": "b" * 20})
    assert refused.status_code == 400 and "foedselsdato" in refused.content.decode()
    assert "token" not in refused.context or not refused.context["token"]
