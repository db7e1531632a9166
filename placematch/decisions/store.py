# SPDX-License-Identifier: MPL-2.0
"""The decision's documents stored once: which PDFs a decision has, rendering and keeping them.

A decision's PDFs are rendered off the request path right after it is made
(``decisions.tasks``) and kept as ``DecisionDocument`` rows with their SHA-256, so every
download gives the same bytes. A download that comes before the worker renders the document
itself and stores it; two renders at once store one row (the unique key), and both answer with
the stored bytes.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from placematch.core.pdf import render_pdf
from placematch.decisions import letters
from placematch.decisions.basis import basis_data, basis_for
from placematch.decisions.documents import Audience, document_html, place_hidden
from placematch.decisions.models import Decision, DecisionDocument

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentSpec:
    """One PDF of a decision: which document, for whom, and for which letter's reader."""

    document: str  # "basis", "letter" or "location"
    audience: Audience
    recipient: letters.Recipient | None = None

    @property
    def recipient_key(self) -> str:
        return self.recipient.key if self.recipient is not None else ""


BASIS = DocumentSpec("basis", Audience.CASEWORKER)
BASIS_FOR_PARENTS = DocumentSpec("basis", Audience.PARENTS)
LOCATION_LETTER = DocumentSpec("location", Audience.LOCATION)


def letter_spec(recipient: letters.Recipient) -> DocumentSpec:
    audience = Audience.CHILD if recipient.is_child else Audience.PARENTS
    return DocumentSpec("letter", audience, recipient)


def document_specs(decision: Decision) -> list[DocumentSpec]:
    """Every PDF of the decision, the caseworker's basis first (it is the one wanted first)."""
    recipients = letters.recipients(basis_data(basis_for(decision)))
    return [BASIS, BASIS_FOR_PARENTS, *(letter_spec(r) for r in recipients), LOCATION_LETTER]


def _hidden(decision: Decision, spec: DocumentSpec) -> bool:
    return place_hidden(decision.case, spec.audience, spec.recipient)


def _key(decision: Decision, spec: DocumentSpec, hidden: bool) -> dict[str, object]:
    return {
        "decision": decision,
        "document": spec.document,
        "audience": spec.audience.value,
        "recipient_key": spec.recipient_key,
        "place_hidden": hidden,
    }


def _stored(key: dict[str, object]) -> DecisionDocument | None:
    return DecisionDocument.objects.filter(**key).first()


def document_content(document: DecisionDocument) -> bytes:
    """The stored PDF, checked against its hash (a changed row is an error, not a document)."""
    content = bytes(document.content)
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise ValueError(f"decision document {document.pk} does not match its hash")
    return content


def decision_document_store(*, decision: Decision, spec: DocumentSpec) -> DecisionDocument:
    """The stored PDF, rendered and stored now when it is not yet (rendered once, kept as is).

    Written by the system, not a user: the download that follows writes the access-log row.
    """
    hidden = _hidden(decision, spec)
    key = _key(decision, spec, hidden)
    existing = _stored(key)
    if existing is not None:
        return existing
    # Rendered outside any transaction of ours: it takes long and holds no lock meanwhile.
    html = document_html(decision, spec.document, spec.audience, spec.recipient, hidden)
    pdf = render_pdf(html)
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the caller's work intact
            return DecisionDocument.objects.create(
                **key,
                sha256=hashlib.sha256(pdf).hexdigest(),
                content=pdf,
                rendered_at=timezone.now(),
            )
    except IntegrityError:
        # Another render stored it first: serve that one, so every download is the same.
        return DecisionDocument.objects.get(**key)


def decision_documents_render(*, decision_id: int) -> int:
    """Render and store every PDF of a decision not stored yet; the number of PDFs it has."""
    started = time.monotonic()
    decision = (
        Decision.objects.select_related("case__child", "place__provider", "decided_by")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        return 0
    specs = document_specs(decision)
    for spec in specs:
        decision_document_store(decision=decision, spec=spec)
    # Ids and times only: the figure behind "ready within 2 s of the decision".
    rendered_ms = round((time.monotonic() - started) * 1000)
    after_ms = round((timezone.now() - decision.decided_at).total_seconds() * 1000)
    logger.info(
        "decisions.documents_stored: rendered in %d ms, stored %d ms after the decision",
        rendered_ms,
        after_ms,
        extra={
            "object_type": "decisions.decision",
            "object_id": decision_id,
            "count": len(specs),
            "duration_ms": rendered_ms,
        },
    )
    return len(specs)


@dataclass(frozen=True)
class DocumentState:
    spec: DocumentSpec
    ready: bool


def documents_state(decision: Decision) -> list[DocumentState]:
    """Each PDF of the decision and whether it is stored in the version a download would give."""
    stored = set(
        DecisionDocument.objects.filter(decision=decision).values_list(
            "document", "audience", "recipient_key", "place_hidden"
        )
    )
    return [
        DocumentState(
            spec,
            (spec.document, spec.audience.value, spec.recipient_key, _hidden(decision, spec))
            in stored,
        )
        for spec in document_specs(decision)
    ]
