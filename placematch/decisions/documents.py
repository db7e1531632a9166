# SPDX-License-Identifier: MPL-2.0
"""The decision's documents as PDF (WeasyPrint): decision basis, the parents' copy, one letter
per recipient, and the letter that informs the location municipality.

Every document renders only from the decision's frozen basis (``decisions.basis``) and is
deterministic: the PDF's creation date is the basis's and no random identifier is written, so
two downloads give the same bytes. Versions for parents are composed of parent-safe facts and
the texts written for them, never the caseworker's free texts; they leave out the child's own
words unless the child agreed, and on a case under non-disclosure (§ 105) the place and its
area.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from placematch.children import disclosure
from placematch.children.chart import needs_chart
from placematch.children.models import Case, RelatedPerson
from placematch.core.pdf import fonts
from placematch.decisions import letters
from placematch.decisions.basis import LANGUAGE, basis_data, basis_for
from placematch.decisions.models import ChecklistPoint, Decision, DecisionBasis

# Keys of the stored basis that hold ISO dates or times, turned back into values for templates.
_DAYS = {
    "held_on",
    "start_on",
    "sent_on",
    "answered_on",
    "birth_date",
    "started_on",
    "mutual_yes_on",
}
_TIMES = {"decided_at", "sent_at", "answered_at", "run_at"}


class Audience(StrEnum):
    CASEWORKER = "caseworker"  # the full decision basis, for the case file
    PARENTS = "parents"  # the parents' copy of the basis, and the custody holders' letters
    CHILD = "child"  # the child's own letter
    LOCATION = "location"  # the location municipality (§ 52, stk. 5)


def _revive(value: Any) -> Any:
    """The stored JSON with its dates as dates again (the templates format them)."""
    if isinstance(value, list):
        return [_revive(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in _DAYS and isinstance(item, str):
            out[key] = datetime.date.fromisoformat(item)
        elif key in _TIMES and isinstance(item, str):
            out[key] = datetime.datetime.fromisoformat(item)
        else:
            out[key] = _revive(item)
    return out


def place_hidden(
    case: Case, audience: Audience, recipient: letters.Recipient | None = None
) -> bool:
    """Whether the place and its area are left out of a parents' document (§ 105).

    A letter to one custody holder leaves it out only when a decision in force covers that
    person; the parents' copy of the basis, which any parent may read, leaves it out when any
    decision is in force. Read from the case today, not from the basis: non-disclosure decided
    after the decision applies to every later download, and only a new decision lifts it.
    """
    if audience is not Audience.PARENTS:
        return False
    if recipient is not None and recipient.person_id is not None:
        person = RelatedPerson.objects.filter(pk=recipient.person_id, child=case.child_id).first()
        return person is None or disclosure.covers(case, person)
    return disclosure.is_protected(case)


def document_context(
    case: Case,
    basis: DecisionBasis,
    document: str,
    audience: Audience,
    recipient: letters.Recipient | None = None,
    hidden: bool | None = None,
) -> dict[str, Any]:
    """What a document shows, all of it from the frozen basis.

    ``hidden`` says whether the place is left out; None reads it from the case now.
    """
    data = _revive(basis_data(basis))
    if hidden is None:
        hidden = place_hidden(case, audience, recipient)
    for_parents = audience in (Audience.PARENTS, Audience.CHILD)
    show_child_words = not for_parents or data["decision"]["child_words_shared"]
    decision = data["decision"]
    purpose, duration = letters.purpose_and_duration(data)
    context: dict[str, Any] = {
        "data": data,
        "basis": basis,
        "audience": audience.value,
        "recipient": recipient,
        "decision": decision,
        "child": data["child"],
        "case": data["case"],
        "organisation": data["organisation"],
        "show_place": not hidden,
        "show_child_words": show_child_words,
        "for_parents": for_parents,
        "place_name": data["place"]["name"],
        "place_town": data["place"]["town"],
        "decided_on": decision["decided_at"].date(),
        "recorded_at": basis.recorded_at,
        "purpose": purpose,
        "duration": duration,
        "wishes": data["wishes"] if show_child_words else [],
        "hearings": data["hearings"],
        **fonts(),
    }
    if document == "basis":
        context.update(_basis_context(data, for_parents, show_child_words, hidden))
    elif document == "letter":
        context.update(_letter_context(data, audience, hidden))
    elif document == "location":
        rows = (data["meeting"] or {}).get("checklist", [])
        point = ChecklistPoint.SCHOOLING_DECIDED.value
        context["schooling"] = next((c for c in rows if c["point"] == point), None)
        context["location_municipality"] = letters.fact(data, "location_municipality")
        # The municipality that takes over the schooling needs what was decided, not only
        # the meeting's tick that it was.
        context["school_facts"] = [
            (row["label"], _fact_text(row))
            for row in data["decision"]["facts"]
            if row["field"] in ("school_change", "schooling", "special_education_assessed_on")
        ]
    return context


def _fact_text(row: dict[str, Any]) -> str:
    """A recorded fact as printed: a date the Danish way, anything else as recorded."""
    try:
        day = datetime.date.fromisoformat(str(row["value"]))
    except ValueError:
        return str(row["value"])
    return date_format(day, "SHORT_DATE_FORMAT")


def _basis_context(
    data: dict[str, Any], for_parents: bool, show_child_words: bool, hidden: bool
) -> dict[str, Any]:
    """The basis's own part; the parents' copy has no caseworker free texts."""
    assessment = data["assessment"]
    meeting = data["meeting"]
    if meeting and for_parents and hidden:
        # People from outside the municipality at the meeting may be the placement's own.
        meeting = {**meeting, "externals": []}
    return {
        "assessment": assessment,
        "chart": needs_chart(assessment["levels"] if assessment else {}),
        "child_words": data["child_words"] if show_child_words else [],
        # A parent's own view is shown to the parents unless the place must stay hidden.
        "parents": [(p, "" if for_parents and hidden else p["view"]) for p in data["parents"]],
        "meeting": meeting,
        "checklist": meeting["checklist"] if meeting else [],
        # The preparation before the decision; the parents' copy shows its steps, not the
        # child's words or the views recorded by the caseworker.
        "preparation": data.get("preparation"),
        "candidates": [] if hidden else data["candidates"],
        "reasons": data["decision"]["reasons_for_parents"]
        if for_parents
        else data["decision"]["reasons"],
    }


def _letter_context(data: dict[str, Any], audience: Audience, hidden: bool) -> dict[str, Any]:
    decision = data["decision"]
    committee = letters.is_committee_decision(data)
    child_can_complain = data["child"]["party"] or committee
    chosen = next((c for c in data["candidates"] if c["place_id"] == data["place"]["id"]), None)
    return {
        "reasons": decision["reasons_for_child"]
        if audience is Audience.CHILD
        else decision["reasons_for_parents"],
        "legal_basis": letters.legal_basis(data),
        "committee": committee,
        "child_can_complain": child_can_complain,
        "ankestyrelsen": letters.ANKESTYRELSEN,
        "appeal_weeks": letters.APPEAL_WEEKS,
        "place_answer": None if hidden or chosen is None else chosen["inquiry"],
        "conversations": [c["held_on"] for c in data["child_words"]],
    }


TEMPLATES = {
    "basis": "decisions/pdf/basis.html",
    "letter": "decisions/pdf/letter.html",
    "location": "decisions/pdf/location_letter.html",
}
CHILD_LETTER = "decisions/pdf/letter_child.html"


def document_html(
    decision: Decision,
    document: str,
    audience: Audience,
    recipient: letters.Recipient | None = None,
    hidden: bool | None = None,
) -> str:
    """The document's HTML, from the decision's basis (written now for an older decision)."""
    basis = basis_for(decision)
    template = CHILD_LETTER if audience is Audience.CHILD else TEMPLATES[document]
    with translation.override(LANGUAGE):
        context = document_context(decision.case, basis, document, audience, recipient, hidden)
        return render_to_string(template, context)
