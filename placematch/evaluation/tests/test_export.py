# SPDX-License-Identifier: MPL-2.0
"""The export on the demo's three years of placements: files that read back, nothing personal in
them, pseudonyms per recipient, the access-log row, and bad input refused with nothing written.

The demo is built once for the module (about 15 s) inside a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections import Counter
from importlib import import_module

import pytest
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.children.models import Child, RelatedPerson
from placematch.core.demo import DemoContext
from placematch.core.management.commands.demo_data import DEMO_APPS
from placematch.evaluation.anonymity import HIDDEN, K
from placematch.evaluation.dictionary import Kind, dictionary
from placematch.evaluation.export import Month, export_build
from placematch.evaluation.export_files import read_csv_zip, read_xlsx, write_csv_zip, write_xlsx
from placematch.evaluation.models import ExportRecipient
from placematch.followup.models import PlacementRecord

pytestmark = pytest.mark.django_db

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
EXACT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
SHAPES = {
    Kind.PSEUDONYM: re.compile(r"[0-9a-f]{32}"),
    Kind.MONTH: re.compile(r"(\d{4}-\d{2})?"),
    Kind.INTEGER: re.compile(r"\d*"),
    Kind.FLAG: re.compile(r"[01]?"),
}
FREE_FORM = {"municipality": re.compile(r"\d{3}"), "age_band": re.compile(r"\d+-\d+|\d+\+|\*")}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, its busiest municipality and a second recipient there."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[MD5]):
            ctx = DemoContext(password_hash=make_password("x"))
        for label in DEMO_APPS:
            import_module(f"placematch.{label}.demo").load(ctx)
        busiest = Counter(PlacementRecord.objects.values_list("organisation_id", flat=True))
        organisation_id = busiest.most_common(1)[0][0]
        code = next(c for c, m in ctx.municipalities.items() if m.pk == organisation_id)
        vive = ExportRecipient.objects.get(organisation_id=organisation_id)
        other = ExportRecipient.objects.create(
            organisation_id=organisation_id, name="Et andet forskningsprojekt", code="other"
        )
        first = PlacementRecord.objects.filter(organisation_id=organisation_id).earliest(
            "started_on"
        )
        yield {
            "ctx": ctx,
            "code": code,
            "vive": vive,
            "other": other,
            "first": Month.of(first.started_on),
            "last": Month.of(timezone.localdate()),
        }
        transaction.set_rollback(True)


def _build(demo, recipient):
    return export_build(
        recipient=recipient, first=demo["first"], last=demo["last"], today=timezone.localdate()
    )


def test_the_files_read_back_to_the_same_rows_and_hold_only_codes_months_and_pseudonyms(demo):
    export = _build(demo, demo["vive"])
    assert export.placements and export.answers
    rows = {"placements": list(export.placements), "answers": list(export.answers)}
    zipped, workbook = write_csv_zip(export), write_xlsx(export)
    assert read_csv_zip(zipped) == rows
    assert read_xlsx(workbook) == rows

    # Every cell is a code from the dictionary, a month, a count, a flag or a pseudonym.
    specs = dictionary()
    with zipfile.ZipFile(io.BytesIO(zipped)) as bundle:
        data_text = bundle.read("placements.csv").decode() + bundle.read("answers.csv").decode()
        assert "dictionary.json" in bundle.namelist() and "report.csv" in bundle.namelist()
    for table, table_rows in rows.items():
        for spec in specs[table]:
            values = {getattr(row, spec.name) for row in table_rows}
            text = {"" if v is None else str(int(v) if isinstance(v, bool) else v) for v in values}
            if spec.codes:
                assert text <= {code for code, _label in spec.codes}, (table, spec.name)
            else:
                shape = FREE_FORM.get(spec.name) or SHAPES[spec.kind]
                assert all(shape.fullmatch(v) for v in text), (table, spec.name, text)
    # No name, address or exact date anywhere in the data, as the recipient opens it.
    words = set(re.findall(r"[^\W\d_]+", data_text.lower()))
    names = {n.lower() for c in Child.objects.all() for n in (c.first_name, c.last_name)}
    names |= {n.lower() for p in RelatedPerson.objects.all() for n in p.name.split()}
    assert not words & names
    assert not EXACT_DATE.search(data_text)
    sheets = load_workbook(io.BytesIO(workbook), read_only=True)
    for table in rows:
        for line in sheets[table].iter_rows(values_only=True):
            assert not any(isinstance(v, datetime.date | datetime.datetime) for v in line)

    # k-anonymity holds on the exported rows: no group of fewer than 5 children.
    groups: dict[tuple[str, ...], set[str]] = {}
    for row in export.placements:
        key = (row.age_band, row.sex, row.place_type, row.municipality)
        groups.setdefault(key, set()).add(row.child)
    assert min(len(children) for children in groups.values()) >= K
    report = dict(export.report.lines())
    assert report  # the report rides along in the files
    assert export.report.placements_suppressed + len(export.placements) == (
        export.report.placements_in_period
    )
    assert all(row.sex != HIDDEN for row in export.placements) or export.report.sex_hidden


def test_a_child_keeps_its_pseudonym_for_one_recipient_and_gets_another_for_the_next(demo):
    first, again = _build(demo, demo["vive"]), _build(demo, demo["vive"])
    other = _build(demo, demo["other"])
    children = {row.child for row in first.placements}
    assert children == {row.child for row in again.placements}
    assert [r.child for r in first.placements] == [r.child for r in again.placements]
    assert not children & {row.child for row in other.placements}
    # Answers carry the same pseudonym as the child's placement row.
    assert {row.child for row in first.answers} <= children


def test_only_a_team_leader_exports_and_each_export_is_logged(demo, client):
    ctx, code, vive = demo["ctx"], demo["code"], demo["vive"]
    url = reverse("evaluation:export")
    client.force_login(ctx.users[(code, Role.ANALYST)])
    assert client.get(url).status_code == 404
    client.force_login(ctx.users[(code, Role.TEAM_LEADER)])
    assert client.get(url).status_code == 200
    period = {"first": str(demo["first"]), "last": str(demo["last"])}
    response = client.post(url, {"recipient": vive.pk, "file_format": "csv", **period})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"].startswith("no-store")
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert entry.user == ctx.users[(code, Role.TEAM_LEADER)]
    assert entry.object_type == "evaluation.exportrecipient" and entry.object_id == str(vive.pk)
    exported = read_csv_zip(response.content)
    assert entry.detail["recipient"] == "national-evaluation"
    assert entry.detail["period"] == f"{demo['first']}..{demo['last']}"
    assert entry.detail["rows"] == {
        "placements": len(exported["placements"]),
        "answers": len(exported["answers"]),
    }


BAD = {
    "a future period": (
        {"last": "2999-12"}, "Perioden kan ikke slutte i fremtiden"
    ),
    "a period with no data": (
        {"first": "1990-01", "last": "1990-12"}, "Ingen anbringelse startede i 1990-01 til 1990-12"
    ),
    "an unknown recipient": ({"recipient": "999999"}, "Vælg en af kommunens modtagere"),
    "another municipality's recipient": ({"recipient": "other-municipality"}, "Vælg en af"),
    "a month written as a date": ({"first": "01-01-2025"}, "Skriv måneden som år-måned"),
    "no secret outside development": ({}, "kommunens hemmelige nøgle mangler"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_refused_in_danish_and_nothing_is_logged(demo, client, settings, case):
    ctx, code = demo["ctx"], demo["code"]
    if case == "no secret outside development":
        settings.EXPORT_SECRETS, settings.EXPORT_DEVELOPMENT_SECRET = {}, ""
    elsewhere = next(m for c, m in ctx.municipalities.items() if c != code)
    change, message = BAD[case]
    if change.get("recipient") == "other-municipality":
        change = {"recipient": ExportRecipient.objects.get(organisation=elsewhere).pk}
    data = {
        "recipient": demo["vive"].pk,
        "first": str(demo["first"]),
        "last": str(demo["last"]),
        "file_format": "xlsx",
        **change,
    }
    client.force_login(ctx.users[(code, Role.TEAM_LEADER)])
    before = AccessLogEntry.objects.filter(action=Action.EXPORT).count()
    response = client.post(reverse("evaluation:export"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AccessLogEntry.objects.filter(action=Action.EXPORT).count() == before
