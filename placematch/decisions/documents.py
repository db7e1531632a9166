# SPDX-License-Identifier: MPL-2.0
"""The decision's documents as PDF (WeasyPrint): decision basis, letter to the parties, and the
letter that informs the location municipality.

Versions meant for parents leave out the child's own words unless the child agreed, and under
non-disclosure (§ 105) anything that reveals the place: its name, its provider, town and
postcode, also where a caseworker wrote them into a free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from placematch.audit.models import Action
from placematch.audit.services import CHILD_SUBJECT, access_log_write
from placematch.children import selectors as children
from placematch.children.chart import needs_chart
from placematch.children.views.common import case_route, load_case
from placematch.decisions.candidates import meeting_candidates
from placematch.decisions.models import (
    ChecklistPoint,
    Decision,
    Hearing,
    HearingParty,
    MatchMeeting,
)
from placematch.providers.models import Place

FONT = "vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-{}.ttf"


class Audience(StrEnum):
    CASEWORKER = "caseworker"  # the full decision basis, for the case file
    PARENTS = "parents"  # parties' letter and the parents' copy of the basis
    LOCATION = "location"  # the location municipality (§ 52, stk. 5)


@dataclass(frozen=True)
class Masking:
    """What a version may show: the place itself, and the child's own words."""

    show_place: bool
    show_child_words: bool
    terms: tuple[str, ...]

    def text(self, value: str) -> str:
        """Free text with the place's names and area replaced, when the place is hidden."""
        if self.show_place or not value:
            return value
        for term in self.terms:
            value = re.sub(re.escape(term), _("[not disclosed]"), value, flags=re.IGNORECASE)
        return value


def place_terms(place: Place) -> tuple[str, ...]:
    """Every word that reveals the place: names, address, postcode and town."""
    found = place.location
    terms = [place.name, place.provider.name, place.provider.address, place.effective_postcode]
    if found is not None:
        terms.append(found.name)
    # Longest first, so a provider name is masked before the shorter place name inside it.
    return tuple(sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True))


def masking(decision: Decision, audience: Audience) -> Masking:
    hidden = audience is Audience.PARENTS and decision.case.non_disclosure
    return Masking(
        show_place=not hidden,
        show_child_words=audience is not Audience.PARENTS or decision.child_words_shared,
        terms=place_terms(decision.place),
    )


def document_context(decision: Decision, document: str, audience: Audience) -> dict[str, Any]:
    """What the document shows; the meeting's material is read only for the documents using it."""
    case = decision.case
    mask = masking(decision, audience)
    location = decision.place.location
    context: dict[str, Any] = {
        "decision": decision,
        "case": case,
        "child": case.child,
        "audience": audience.value,
        "show_place": mask.show_place,
        "show_child_words": mask.show_child_words,
        "place_name": str(decision.place) if mask.show_place else "",
        "place_town": f"{location.code} {location.name}" if location and mask.show_place else "",
        "reasons": mask.text(decision.reasons),
        "wishes": list(children.wishes_of(case)) if mask.show_child_words else [],
        "hearings": [_hearing_row(h, mask) for h in decision.hearings.all()],
        "printed": timezone.localtime(),
        "font_regular": _font_url("Regular"),
        "font_bold": _font_url("Bold"),
    }  # fmt: skip
    if document == "basis":
        context.update(_basis_context(decision, mask))
    elif document == "location":
        schooling = ChecklistPoint.SCHOOLING_DECIDED
        rows = _checklist(decision.meeting, mask)
        context["schooling"] = next((c for c in rows if c["point"] == schooling), None)
    return context


def _basis_context(decision: Decision, mask: Masking) -> dict[str, Any]:
    """The decision basis's own part: the child's needs and words, the parents, the meeting."""
    case = decision.case
    child = case.child
    assessment = children.latest_assessment(case)
    meeting = decision.meeting
    candidates = []
    if meeting is not None and mask.show_place:
        candidates = meeting_candidates(meeting.run, list(case.inquiries.select_related("place")))
    views = children.parent_views_of(case)
    return {
        "age": child.age_on(timezone.localdate()),
        "other_than_top": mask.text(decision.reasons_for_other_than_top),
        "dissent": mask.text(decision.dissent),
        "assessment": assessment,
        "chart": needs_chart(assessment.levels() if assessment else {}),
        "child_words": [
            c for c in children.conversations_of(case) if c.child_words and mask.show_child_words
        ],
        "parents": [
            (p, views.get(p.pk), mask.text(getattr(views.get(p.pk), "views", "")))
            for p in children.parents_of(child)
        ],
        "meeting": meeting,
        "participants": list(meeting.participants.all()) if meeting else [],
        "externals": list(meeting.external_participants.all()) if meeting else [],
        "candidates": candidates,
        "checklist": _checklist(meeting, mask),
    }  # fmt: skip


def _checklist(meeting: MatchMeeting | None, mask: Masking) -> list[dict[str, Any]]:
    """The meeting's answer on each § 52 point, in the law's order; empty without a meeting."""
    if meeting is None:
        return []
    answers = {a.point: a for a in meeting.checklist.all()}
    rows = []
    for point in ChecklistPoint:
        answer = answers.get(point.value)
        rows.append(
            {
                "point": point.value,
                "label": point.label,
                "answer": answer.get_answer_display() if answer and answer.answer else "",
                "reason": mask.text(answer.reason) if answer else "",
            }
        )
    return rows


def _hearing_row(hearing: Hearing, mask: Masking) -> tuple[Hearing, str, bool]:
    """The hearing with its answer; the child's answer is its own words (withheld unless shared)."""
    withheld = hearing.party == HearingParty.CHILD and not mask.show_child_words
    return hearing, "" if withheld else mask.text(hearing.answer), withheld


def _font_url(weight: str) -> str:
    path = finders.find(FONT.format(weight))
    return f"file://{path}" if isinstance(path, str) else ""


TEMPLATES = {
    "basis": "decisions/pdf/basis.html",
    "letter": "decisions/pdf/letter.html",
    "location": "decisions/pdf/location_letter.html",
}


def document_html(decision: Decision, document: str, audience: Audience) -> str:
    return render_to_string(TEMPLATES[document], document_context(decision, document, audience))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only documents need

    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def _download(
    request: HttpRequest, pk: int, document: str, audience: Audience, filename: str
) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("place__provider", "decided_by", "meeting__run"), pk=pk
    )
    decision.case = load_case(request, decision.case_id)  # 404 unless visible; logs the read
    pdf = render_pdf(document_html(decision, document, audience))
    access_log_write(
        request=request, action=Action.EXPORT, obj=decision, subject_type=CHILD_SUBJECT,
        subject_id=decision.case.child_id, detail={"document": document, "audience": audience},
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{decision.pk}.pdf"'
    return response


@case_route
@require_safe
def decision_basis(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "basis", Audience.CASEWORKER, "beslutningsgrundlag")


@case_route
@require_safe
def decision_basis_parents(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "basis", Audience.PARENTS, "beslutningsgrundlag-forældre")


@case_route
@require_safe
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "letter", Audience.PARENTS, "afgørelse")


@case_route
@require_safe
def location_letter(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "location", Audience.LOCATION, "orientering")
