# SPDX-License-Identifier: MPL-2.0
"""The journal package: a decision's stored PDFs and the metadata a case system files them by.

The package is a ZIP with the decision's PDFs exactly as stored (``decisions.store``: the bytes
the parties got, checked against their SHA-256) and ``metadata.json``, which follows the
published schema in ``docs/schemas/journal-package.schema.json``. The package is built from
the frozen basis and the stored documents only, and holds no time of its own, so two downloads
of the same decision give the same bytes; the access log says who took it and when.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from placematch.decisions import store
from placematch.decisions.basis import basis_data, basis_for
from placematch.decisions.documents import Audience
from placematch.decisions.models import Decision, DecisionDocument
from placematch.decisions.store import DocumentSpec

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "https://placematch.example/schemas/journal-package/1.0"
PRODUCER = "placematch"
# The case system's document types, by the stored document and its audience.
DOCUMENT_TYPES: dict[tuple[str, str], str] = {
    ("basis", Audience.CASEWORKER.value): "decision_basis",
    ("basis", Audience.PARENTS.value): "decision_basis_for_parents",
    ("letter", Audience.PARENTS.value): "decision_letter",
    ("letter", Audience.CHILD.value): "decision_letter_to_child",
    ("location", Audience.LOCATION.value): "notice_to_location_municipality",
}
# The section of Barnets Lov each document rests on, as the letters cite it.
LAW = {
    "decision_basis": "Barnets Lov § 52",
    "decision_basis_for_parents": "Barnets Lov § 52",
    "decision_letter": "Barnets Lov § 52",
    "decision_letter_to_child": "Barnets Lov § 52",
    "notice_to_location_municipality": "Barnets Lov § 52, stk. 5",
}
# A fixed time for every ZIP entry: the package's bytes depend on its content only.
_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackageFile:
    name: str
    document: DecisionDocument
    spec: DocumentSpec
    content: bytes


@dataclass(frozen=True)
class JournalPackage:
    """The ZIP and what it says about itself (the metadata is also inside the ZIP)."""

    decision: Decision
    metadata: dict[str, Any]
    content: bytes

    @property
    def filename(self) -> str:
        return f"journalpakke-afgoerelse-{self.decision.pk}.zip"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _file_name(index: int, spec: DocumentSpec) -> str:
    kind = DOCUMENT_TYPES[(spec.document, spec.audience.value)].replace("_", "-")
    # A custody holder's letter names its reader; the child's letter is named by its type.
    suffix = f"-{spec.recipient_key}" if spec.recipient_key.startswith("person-") else ""
    return f"{index:02d}-{kind}{suffix}.pdf"


def _files(decision: Decision) -> list[PackageFile]:
    files = []
    for index, spec in enumerate(store.document_specs(decision), start=1):
        stored = store.decision_document_store(decision=decision, spec=spec)
        content = store.document_content(stored)  # refuses a row that no longer matches its hash
        files.append(PackageFile(_file_name(index, spec), stored, spec, content))
    return files


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _recipient(spec: DocumentSpec, data: dict[str, Any]) -> dict[str, Any] | None:
    if spec.recipient is not None:
        role = "child" if spec.recipient.is_child else "custody_holder"
        return {"role": role, "name": spec.recipient.name}
    if spec.audience is Audience.LOCATION:
        return {"role": "location_municipality", "name": data["decision_location"]}
    return None


def _parties(data: dict[str, Any]) -> list[dict[str, Any]]:
    parties: list[dict[str, Any]] = [
        {"role": "custody_holder", "name": p["name"]} for p in data["parents"] if p["custody"]
    ]
    if data["child"]["party"]:
        parties.append({"role": "child", "name": data["child"]["name"]})
    return parties


def _legal_basis(decision: Decision, data: dict[str, Any]) -> dict[str, str]:
    if decision.legal_basis:
        return {"code": decision.legal_basis, "label": str(decision.get_legal_basis_display())}
    case = data["case"]
    return {"code": case["legal_basis"] or "", "label": case["legal_basis_label"] or ""}


def metadata_for(decision: Decision, files: list[PackageFile]) -> dict[str, Any]:
    """The metadata a case system files the package by; no CPR number, no free text."""
    data = basis_data(basis_for(decision))
    data = {**data, "decision_location": decision.location_municipality}
    decided_on = timezone.localtime(decision.decided_at).date()
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "producer": {"system": PRODUCER, "organisation": data["organisation"]},
        "case": {
            "case_number": data["case"]["case_number"],
            "case_type": data["case"]["case_type"],
            "non_disclosure": bool(data["case"]["non_disclosure"]),
        },
        "decision": {
            "id": decision.pk,
            "kind": decision.kind,
            "status": decision.status,
            "decided_on": decided_on.isoformat(),
            "place_reserved_from": _day(decision.start_on),
            "legal_basis": _legal_basis(decision, data),
            "law": "Barnets Lov § 52",
            "basis_sha256": basis_for(decision).sha256,
        },
        "parties": _parties(data),
        "documents": [
            {
                "file": f.name,
                "document_type": DOCUMENT_TYPES[(f.spec.document, f.spec.audience.value)],
                "title": _title(f.spec),
                "law": LAW[DOCUMENT_TYPES[(f.spec.document, f.spec.audience.value)]],
                "date": decided_on.isoformat(),
                "recipient": _recipient(f.spec, data),
                "place_left_out": f.document.place_hidden,
                "media_type": "application/pdf",
                "size": len(f.content),
                "sha256": f.document.sha256,
            }
            for f in files
        ],
    }


def _title(spec: DocumentSpec) -> str:
    """The document's Danish title as the case system lists it."""
    titles = {
        "decision_basis": "Beslutningsgrundlag",
        "decision_basis_for_parents": "Beslutningsgrundlag, forældrenes kopi",
        "decision_letter": "Afgørelse om anbringelsessted",
        "decision_letter_to_child": "Brev til barnet om afgørelsen",
        "notice_to_location_municipality": "Orientering af beliggenhedskommunen",
    }
    return titles[DOCUMENT_TYPES[(spec.document, spec.audience.value)]]


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ENTRY_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def journal_package(decision: Decision) -> JournalPackage:
    """The decision's journal package: its stored PDFs and their metadata, in one ZIP."""
    files = _files(decision)
    metadata = metadata_for(decision, files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        text = json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True)
        archive.writestr(_entry("metadata.json"), text.encode("utf-8") + b"\n")
        for f in files:
            archive.writestr(_entry(f.name), f.content)
    return JournalPackage(decision=decision, metadata=metadata, content=buffer.getvalue())
