# SPDX-License-Identifier: MPL-2.0
"""The decision's PDFs as downloads, and the panel that lists them while they are prepared.

A download serves the stored bytes (``decisions.store``); one that comes before the worker has
rendered its document renders and stores it first, so a stopped worker never blocks anyone.
Every download writes an export row in the access log, naming the stored PDF by its hash.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from placematch.audit.models import Action
from placematch.audit.services import CHILD_SUBJECT, access_log_write
from placematch.children.views.common import case_route, load_case
from placematch.decisions import journal, letters, store
from placematch.decisions.basis import basis_data, basis_for
from placematch.decisions.models import Decision
from placematch.decisions.store import DocumentSpec


def _load(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("place__provider", "decided_by", "meeting__run"), pk=pk
    )
    decision.case = load_case(request, decision.case_id)  # 404 unless visible; logs the read
    return decision


def _send(
    request: HttpRequest, decision: Decision, spec: DocumentSpec, filename: str
) -> HttpResponse:
    stored = store.decision_document_store(decision=decision, spec=spec)
    pdf = store.document_content(stored)
    detail: dict[str, str] = {"document": spec.document, "audience": spec.audience.value}
    if spec.recipient is not None:
        detail["recipient"] = spec.recipient.key
    detail["sha256"] = stored.sha256
    access_log_write(
        request=request, action=Action.EXPORT, obj=decision, subject_type=CHILD_SUBJECT,
        subject_id=decision.case.child_id, detail=detail,
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{decision.pk}.pdf"'
    return response


def _letter(request: HttpRequest, pk: int, person_id: int | None) -> HttpResponse:
    """One recipient's letter; a person who is not a recipient of this decision is 404."""
    decision = _load(request, pk)
    recipient = letters.recipient_for(basis_data(basis_for(decision)), person_id=person_id)
    if recipient is None:
        raise Http404
    return _send(request, decision, store.letter_spec(recipient), f"afgørelse-{recipient.key}")


@case_route
@require_safe
def decision_basis(request: HttpRequest, pk: int) -> HttpResponse:
    return _send(request, _load(request, pk), store.BASIS, "beslutningsgrundlag")


@case_route
@require_safe
def decision_basis_parents(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _load(request, pk)
    return _send(request, decision, store.BASIS_FOR_PARENTS, "beslutningsgrundlag-forældre")


@case_route
@require_safe
def decision_letter(request: HttpRequest, pk: int, person: int) -> HttpResponse:
    """The letter to one custody holder."""
    return _letter(request, pk, person)


@case_route
@require_safe
def child_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's own letter, when the child is a party (from 10, § 3)."""
    return _letter(request, pk, None)


@case_route
@require_safe
def location_letter(request: HttpRequest, pk: int) -> HttpResponse:
    return _send(request, _load(request, pk), store.LOCATION_LETTER, "orientering")


def documents_context(decision: Decision) -> dict[str, object]:
    """The documents panel: each PDF, a link when it is stored or may be rendered on request.

    While the worker is expected to be at it (a grace period after the decision) a PDF not yet
    stored shows as being prepared and the panel asks again; after it, or for a decision made
    before documents were stored, the link renders the PDF on request.
    """
    states = store.documents_state(decision)
    grace = timedelta(seconds=settings.DECISION_DOCUMENTS_GRACE_SECONDS)
    waiting = timezone.now() - decision.decided_at < grace
    rows = [(s.spec, s.ready or not waiting) for s in states]
    ready = sum(1 for _, link in rows if link)
    return {"documents": rows, "ready": ready, "total": len(rows)}


@case_route
@require_safe
def decision_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents panel alone, asked for again by the page while PDFs are being prepared."""
    decision = _load(request, pk)
    context = {"decision": decision, **documents_context(decision)}
    return render(request, "decisions/includes/documents.html", context)


@case_route
@require_safe
def decision_journal(request: HttpRequest, pk: int) -> HttpResponse:
    """The journal package for the case system: the stored PDFs and their metadata in a ZIP."""
    decision = _load(request, pk)
    package = journal.journal_package(decision)
    access_log_write(
        request=request, action=Action.EXPORT, obj=decision, subject_type=CHILD_SUBJECT,
        subject_id=decision.case.child_id,
        detail={"document": "journal_package", "files": len(package.metadata["documents"]),
                "sha256": package.sha256},
    )  # fmt: skip
    response = HttpResponse(package.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package.filename}"'
    return response
