# SPDX-License-Identifier: MPL-2.0
"""api: the municipality's case system: case status, decisions with their PDFs, and tasks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import resolve, reverse
from django.utils import timezone
from ninja import Path, Query, Router

from placematch.api.auth import require
from placematch.api.errors import READ, not_found
from placematch.api.schemas import (
    CaseDetailOut,
    CaseOut,
    CasePage,
    DecisionOut,
    DocumentOut,
    ListQuery,
    Pk,
    PlaceRef,
    TaskOut,
    TransitionOut,
    text,
)
from placematch.api.scopes import Area
from placematch.audit.services import log_child_list, log_child_read
from placematch.children.models import Case
from placematch.children.selectors import visible_cases
from placematch.decisions import letters
from placematch.decisions.basis import basis_data, basis_for
from placematch.decisions.models import Decision
from placematch.decisions.selectors import decisions_of
from placematch.followup import tasks

router = Router(tags=["municipality"])


class CaseQuery(ListQuery):
    case_number: str = text(50, description="The case system's own number.")


def _case(case: Case) -> CaseOut:
    return CaseOut(
        id=case.pk,
        case_number=case.child.case_number,
        status=case.status,
        case_type=case.case_type,
        legal_basis=case.legal_basis,
        aware_date=case.aware_date,
        placement_decision_date=case.placement_decision_date,
        intended_placement_date=case.intended_placement_date,
        non_disclosure=case.non_disclosure,
    )


def _visible_case(request: HttpRequest, pk: int) -> Case:
    case = visible_cases(request.user).select_related("child").filter(pk=pk).first()
    if case is None:
        raise not_found()
    return case


@router.get("/cases", response={200: CasePage, **READ}, url_name="cases")
def case_list(request: HttpRequest, query: Query[CaseQuery]) -> CasePage:
    """The municipality's cases, newest first; ``case_number`` finds one by its number."""
    require(request, Area.CASES)
    found = visible_cases(request.user).select_related("child").order_by("-pk")
    if query.case_number.strip():
        found = found.filter(child__case_number=query.case_number.strip())
    rows = list(found[query.offset : query.offset + query.limit])
    log_child_list(request, [c.child_id for c in rows])
    return CasePage(
        count=found.count(), limit=query.limit, offset=query.offset,
        items=[_case(c) for c in rows],
    )  # fmt: skip


@router.get("/cases/{pk}", response={200: CaseDetailOut, **READ}, url_name="case")
def case_detail(request: HttpRequest, pk: Path[Pk]) -> CaseDetailOut:
    """One case's status and the steps of its course (without their written reasons)."""
    require(request, Area.CASES)
    case = _visible_case(request, pk)
    steps = [
        TransitionOut(name=t.name, from_status=t.from_status, to_status=t.to_status, at=t.at)
        for t in case.transitions.order_by("at", "pk")
    ]
    log_child_read(request, case.child, obj=case)
    return CaseDetailOut(**_case(case).model_dump(), transitions=steps)


def _documents(decision: Decision) -> list[DocumentOut]:
    def url(name: str, **kwargs: int) -> str:
        return reverse(f"api:{name}", kwargs={"pk": decision.pk, **kwargs})

    found = [
        DocumentOut(key="basis", audience="caseworker", url=url("document_basis")),
        DocumentOut(key="basis-for-parents", audience="parents", url=url("document_basis_parents")),
    ]
    for recipient in letters.recipients(basis_data(basis_for(decision))):
        if recipient.is_child:
            found.append(
                DocumentOut(key="letter-child", audience="child", url=url("document_child_letter"))
            )
        elif recipient.person_id is not None:
            found.append(
                DocumentOut(
                    key=f"letter-{recipient.key}",
                    audience="parents",
                    url=url("document_letter", person=recipient.person_id),
                )
            )
    found.append(
        DocumentOut(key="location-letter", audience="location", url=url("document_location"))
    )
    return found


def _decision(decision: Decision, case: Case) -> DecisionOut:
    return DecisionOut(
        id=decision.pk,
        case_id=case.pk,
        case_number=case.child.case_number,
        kind=decision.kind,
        status=decision.status,
        legal_basis=decision.legal_basis,
        place=PlaceRef(id=decision.place_id, name=decision.place.name),
        start_on=decision.start_on,
        decided_at=decision.decided_at,
        documents=_documents(decision),
        journal_package=reverse("api:decision_journal", kwargs={"pk": decision.pk}),
    )


@router.get(
    "/cases/{pk}/decisions", response={200: list[DecisionOut], **READ}, url_name="case_decisions"
)
def case_decisions(request: HttpRequest, pk: Path[Pk]) -> list[DecisionOut]:
    """Every decision on the case, withdrawn and replaced ones too, with their documents."""
    require(request, Area.DECISIONS)
    case = _visible_case(request, pk)
    out = [_decision(d, case) for d in decisions_of(case).order_by("-decided_at", "-pk")]
    log_child_read(request, case.child, obj=case)
    return out


def _visible_decision(request: HttpRequest, pk: int) -> Decision:
    decision = (
        Decision.objects.filter(pk=pk, case__in=visible_cases(request.user))
        .select_related("place", "case__child")
        .first()
    )
    if decision is None:
        raise not_found()
    return decision


@router.get("/decisions/{pk}", response={200: DecisionOut, **READ}, url_name="decision")
def decision_detail(request: HttpRequest, pk: Path[Pk]) -> DecisionOut:
    require(request, Area.DECISIONS)
    decision = _visible_decision(request, pk)
    out = _decision(decision, decision.case)
    log_child_read(request, decision.case.child, obj=decision)
    return out


def _page_pdf(request: HttpRequest, name: str, **kwargs: int) -> HttpResponse:
    """The PDF exactly as the decision's page gives it: its own view renders, stores and logs
    it, so the API follows every change to how the documents are made."""
    require(request, Area.DECISIONS)
    _visible_decision(request, kwargs["pk"])
    match = resolve(reverse(f"decisions:{name}", kwargs=kwargs))
    response: HttpResponse = match.func(request, *match.args, **match.kwargs)
    return response


PDF = {200: bytes, **READ}
PDF_EXTRA: dict[str, Any] = {"responses": {"200": {"content": {"application/pdf": {}}}}}


@router.get(
    "/decisions/{pk}/documents/basis.pdf", response=PDF, url_name="document_basis",
    openapi_extra=PDF_EXTRA,
)  # fmt: skip
def document_basis(request: HttpRequest, pk: Path[Pk]) -> HttpResponse:
    """The decision basis for the case file."""
    return _page_pdf(request, "decision_basis", pk=pk)


@router.get(
    "/decisions/{pk}/documents/basis-for-parents.pdf", response=PDF,
    url_name="document_basis_parents", openapi_extra=PDF_EXTRA,
)  # fmt: skip
def document_basis_parents(request: HttpRequest, pk: Path[Pk]) -> HttpResponse:
    """The parents' copy of the decision basis."""
    return _page_pdf(request, "decision_basis_parents", pk=pk)


@router.get(
    "/decisions/{pk}/documents/letters/child.pdf", response=PDF,
    url_name="document_child_letter", openapi_extra=PDF_EXTRA,
)  # fmt: skip
def document_child_letter(request: HttpRequest, pk: Path[Pk]) -> HttpResponse:
    """The child's own letter, when the child is a party."""
    return _page_pdf(request, "child_letter", pk=pk)


@router.get(
    "/decisions/{pk}/documents/letters/{person}.pdf", response=PDF,
    url_name="document_letter", openapi_extra=PDF_EXTRA,
)  # fmt: skip
def document_letter(request: HttpRequest, pk: Path[Pk], person: Path[Pk]) -> HttpResponse:
    """The letter to one custody holder."""
    return _page_pdf(request, "decision_letter", pk=pk, person=person)


@router.get(
    "/decisions/{pk}/documents/location-letter.pdf", response=PDF,
    url_name="document_location", openapi_extra=PDF_EXTRA,
)  # fmt: skip
def document_location(request: HttpRequest, pk: Path[Pk]) -> HttpResponse:
    """The letter that informs the location municipality."""
    return _page_pdf(request, "location_letter", pk=pk)


ZIP_EXTRA: dict[str, Any] = {"responses": {"200": {"content": {"application/zip": {}}}}}


@router.get(
    "/decisions/{pk}/journal.zip", response=PDF, url_name="decision_journal",
    openapi_extra=ZIP_EXTRA,
)  # fmt: skip
def decision_journal(request: HttpRequest, pk: Path[Pk]) -> HttpResponse:
    """The journal package for the case system: the stored PDFs and their metadata in a ZIP."""
    return _page_pdf(request, "decision_journal", pk=pk)


@router.get("/tasks", response={200: list[TaskOut], **READ}, url_name="tasks")
def task_list(request: HttpRequest) -> list[TaskOut]:
    """Every due date of the municipality's open cases, overdue first."""
    require(request, Area.TASKS)
    found = tasks.tasks_for(request.user, timezone.localdate())  # type: ignore[arg-type]
    log_child_list(request, sorted({t.case.child_id for t in found}))
    return [
        TaskOut(
            case_id=t.case.pk,
            case_number=t.case.child.case_number,
            code=t.deadline.code,
            label=str(t.deadline.label),
            due=t.deadline.due,
            state=t.deadline.state,
            note=str(t.deadline.note),
        )
        for t in found
    ]
