# SPDX-License-Identifier: MPL-2.0
"""The journal package: the stored PDFs byte for byte, and metadata that meets its schema."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import zipfile
from pathlib import Path

import jsonschema_rs
import pytest
from django.conf import settings
from django.urls import reverse

from placematch.audit.models import AccessLogEntry
from placematch.decisions import store
from placematch.decisions.models import DecisionDocument
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import decide_kwargs

SCHEMA = json.loads(
    (Path(settings.BASE_DIR) / "docs" / "schemas" / "journal-package.schema.json").read_text()
)


def _validator() -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(SCHEMA, validate_formats=True)


@pytest.mark.django_db
def test_the_package_holds_the_stored_pdfs_and_metadata_that_meets_the_schema(world, client_for):
    decision = decision_make(**decide_kwargs(world))
    store.decision_documents_render(decision_id=decision.pk)
    client = client_for(world["caseworker"])
    url = reverse("decisions:decision_journal", args=[decision.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"journalpakke-afgoerelse-{decision.pk}.zip" in response["Content-Disposition"]
    # Two downloads give the same bytes: the package has no time of its own.
    assert client.get(url).content == response.content

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    metadata = json.loads(archive.read("metadata.json"))
    _validator().validate(metadata)
    stored = {
        d.sha256: bytes(d.content) for d in DecisionDocument.objects.filter(decision=decision)
    }
    assert len(metadata["documents"]) == len(stored) == len(store.document_specs(decision))
    for entry in metadata["documents"]:
        content = archive.read(entry["file"])
        # Byte-identical to the stored document the parties got.
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert content == stored[entry["sha256"]]
        assert entry["size"] == len(content)
    assert sorted(archive.namelist()) == sorted(
        ["metadata.json", *(e["file"] for e in metadata["documents"])]
    )
    assert metadata["case"]["case_number"] == decision.case.child.case_number
    assert {"decision_basis", "decision_letter", "notice_to_location_municipality"} <= {
        e["document_type"] for e in metadata["documents"]
    }
    assert {p["role"] for p in metadata["parties"]} >= {"custody_holder"}
    # No free text about the child: the caseworker's reasons are in the PDFs, not the metadata.
    assert decision.reasons not in json.dumps(metadata, ensure_ascii=False)

    exports = AccessLogEntry.objects.filter(action="export", detail__document="journal_package")
    assert exports.count() == 2
    assert exports.first().detail["sha256"] == hashlib.sha256(response.content).hexdigest()


@pytest.mark.django_db
def test_a_package_before_the_worker_renders_the_missing_pdfs_once(world, client_for):
    decision = decision_make(**decide_kwargs(world))
    assert not DecisionDocument.objects.filter(decision=decision).exists()
    client = client_for(world["caseworker"])
    first = client.get(reverse("decisions:decision_journal", args=[decision.pk])).content
    count = DecisionDocument.objects.filter(decision=decision).count()
    assert count == len(store.document_specs(decision))
    second = client.get(reverse("decisions:decision_journal", args=[decision.pk])).content
    assert first == second
    assert DecisionDocument.objects.filter(decision=decision).count() == count


EXAMPLE = json.loads(
    (Path(settings.BASE_DIR) / "docs" / "schemas" / "journal-package.example.json").read_text()
)


def test_the_published_example_meets_the_schema():
    _validator().validate(EXAMPLE)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda m: m["case"].update(personal_id="x"), "an unknown field (a personal id)"),
        (lambda m: m["documents"][0].update(sha256="abc"), "a hash that is not SHA-256"),
        (lambda m: m["decision"].update(decided_on="05-12-2026"), "a date not in ISO form"),
        (lambda m: m["documents"][0].pop("law"), "a document without its paragraph"),
        (lambda m: m["documents"].clear(), "a package without documents"),
        (lambda m: m["parties"].append({"role": "place", "name": "X"}), "a party of no known role"),
    ],
)
def test_the_schema_refuses_metadata_a_case_system_could_not_file(change, why):
    metadata = copy.deepcopy(EXAMPLE)
    change(metadata)
    assert not _validator().is_valid(metadata), why
