# SPDX-License-Identifier: MPL-2.0
"""The frozen decision basis: everything a decision rests on, written once with its hash.

``basis_write`` runs in the decision's transaction (``decision_make``) and stores what the
documents show as canonical JSON (sorted keys, compact, UTF-8) under its SHA-256. The documents
(``decisions.documents``) render only from this record, so a later change of the meeting, the
assessment, a view or the registry never changes a document of the decision.

Labels are stored as the documents print them (Danish), so a later rewording of a choice's label
does not change an old document either. A decision made before this record existed gets its basis
on its first download (``basis_for``), marked ``recorded_late`` and dated that day.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone, translation

from matchengine.vocab import PlaceType
from placematch.children import selectors as children
from placematch.children.models import PersonKind
from placematch.core.codes import label_of
from placematch.decisions import prepared
from placematch.decisions.candidates import meeting_candidates
from placematch.decisions.models import (
    ChecklistPoint,
    Decision,
    DecisionBasis,
    MatchMeeting,
)
from placematch.decisions.rules import PARTY_AGE
from placematch.matching.foster import SHOWN as FOSTER_SHOWN
from placematch.matching.foster import run_foster_families

SCHEMA = 1
LANGUAGE = "da"  # the documents are Danish public-law documents

# Fields of the decision that are shown elsewhere in the record, or are bookkeeping.
_NOT_FACTS = {
    "id", "organisation", "case", "meeting", "place", "kind", "status", "version",
    "created_at", "updated_at", "decided_by", "decided_at", "reasons", "reasons_for_parents",
    "reasons_for_child", "reasons_for_other_than_top", "dissent", "appeal_guidance",
    "reservation", "replaced_by", "withdrawn_at", "withdrawn_by", "withdraw_reason", "top_place",
    "chosen_rank",
}  # fmt: skip


def canonical(data: dict[str, Any]) -> str:
    """The one serialisation hashed and stored: sorted keys, no spaces, non-ASCII kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _fact(decision: Decision, name: str) -> dict[str, Any] | None:
    """One recorded fact of the decision (consents, committee, location…) as label and value."""
    field = Decision._meta.get_field(name)
    assert isinstance(field, models.Field)
    value = getattr(decision, name)
    if value in (None, "", False):
        return None
    if isinstance(value, datetime.datetime):
        shown = timezone.localtime(value).isoformat()
    elif isinstance(value, datetime.date):
        shown = value.isoformat()
    elif value is True:
        shown = "true"
    elif getattr(field, "choices", None):
        shown = str(getattr(decision, f"get_{name}_display")())
    else:
        shown = str(value)
    code = value if isinstance(value, str) else shown
    return {"field": name, "label": str(field.verbose_name), "value": shown, "code": code}


def _foster_assessment(meeting: MatchMeeting) -> dict[str, Any]:
    """The § 52, stk. 2 assessment with the foster families the meeting's run ranked."""
    field = MatchMeeting._meta.get_field("foster_assessment")
    assert isinstance(field, models.Field)
    return {
        "question": str(field.verbose_name),
        "answer": meeting.foster_assessment,
        "answer_label": str(meeting.get_foster_assessment_display())
        if meeting.foster_assessment
        else "",
        "reasons": meeting.foster_assessment_reasons,
        "options": [
            {
                "place_id": place.pk,
                "place": str(place),
                "type": place.place_type,
                "type_label": label_of(PlaceType, place.place_type),
            }
            for place in run_foster_families(meeting.run)[:FOSTER_SHOWN]
        ],
    }


def _meeting(meeting: MatchMeeting | None) -> dict[str, Any] | None:
    if meeting is None:
        return None
    answers = {a.point: a for a in meeting.checklist.all()}
    checklist = []
    for point in ChecklistPoint:
        answer = answers.get(point.value)
        checklist.append(
            {
                "point": point.value,
                "label": str(point.label),
                "answer": answer.answer if answer else "",
                "answer_label": str(answer.get_answer_display())
                if answer and answer.answer
                else "",
                "reason": answer.reason if answer else "",
            }
        )
    return {
        "id": meeting.pk,
        "revision": meeting.revision,
        "held_on": _day(meeting.held_on),
        "notes": meeting.notes,
        "participants": [str(u) for u in meeting.participants.all().order_by("pk")],
        "externals": [
            {"name": e.name, "role": e.role} for e in meeting.external_participants.all()
        ],
        "checklist": checklist,
        "foster_assessment": _foster_assessment(meeting),
        "run_at": timezone.localtime(meeting.run.created_at).isoformat() if meeting.run else None,
    }


def _candidates(decision: Decision) -> list[dict[str, Any]]:
    """The shortlist and explanations the meeting saw, with the places' answers to inquiries."""
    meeting = decision.meeting
    case = decision.case
    inquiries = list(case.inquiries.select_related("place").order_by("-pk"))
    rows = meeting_candidates(meeting.run if meeting else None, inquiries)
    out = []
    for row in rows:
        c, inquiry = row.candidate, row.inquiry
        out.append(
            {
                "place_id": row.place.pk if row.place else None,
                "place": str(row.place) if row.place else "",
                "rank": c.rank,
                "score": str(c.score) if c.rank else "",
                "factors": [{"text": str(f.text), "points": str(f.points)} for f in c.factors],
                "gaps": [
                    {
                        "dimension": str(g.dimension),
                        "need": str(g.need),
                        "capacity": str(g.capacity),
                        "open_levels": int(g.open_levels or 0),
                        "closed_by": _text(g.closed_by),
                    }
                    for g in c.gaps
                ],
                "support": [str(s) for s in c.support],
                "inquiry": None
                if inquiry is None
                else {
                    "sent_at": timezone.localtime(inquiry.sent_at).isoformat(),
                    "answer": inquiry.answer,
                    "answer_label": str(inquiry.get_answer_display()) if inquiry.answer else "",
                    "answered_at": timezone.localtime(inquiry.answered_at).isoformat()
                    if inquiry.answered_at
                    else None,
                    "view": inquiry.view,
                    "support_needed": inquiry.support_needed,
                    "decline_reason": str(inquiry.get_decline_reason_display())
                    if inquiry.decline_reason
                    else "",
                    "decline_text": inquiry.decline_text,
                },
            }
        )
    return out


def _plain(value: Any) -> Any:
    """A dataclass's fields as JSON data: dates as ISO text, tuples as lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _preparation(decision: Decision) -> dict[str, Any] | None:
    """The preparation on the decided place up to now (meetings, feedback, mutual yes)."""
    done = prepared.prepared(decision)
    return None if done is None else _plain(dataclasses.asdict(done))


def snapshot(decision: Decision) -> dict[str, Any]:
    """What the decision rests on, as plain JSON data (ids, ISO dates and texts only)."""
    case = decision.case
    child = case.child
    day = timezone.localtime(decision.decided_at).date()
    assessment = children.latest_assessment(case)
    views = children.parent_views_of(case)
    place = decision.place
    location = place.location
    with translation.override(LANGUAGE):
        return {
            "schema": SCHEMA,
            "organisation": case.organisation.name,
            "case": {
                "id": case.pk,
                "case_number": child.case_number,
                "case_type": case.case_type,
                "case_type_label": str(case.get_case_type_display()),
                "legal_basis": case.legal_basis,
                "legal_basis_label": str(case.get_legal_basis_display())
                if case.legal_basis
                else "",
                "non_disclosure": case.non_disclosure,
            },
            "child": {
                "name": child.name,
                "first_name": child.first_name,
                "birth_date": _day(child.birth_date),
                "age": child.age_on(day),
                "party": child.age_on(day) >= PARTY_AGE,
            },
            "decision": {
                "id": decision.pk,
                "kind": decision.kind,
                "kind_label": str(decision.get_kind_display()),
                "start_on": _day(decision.start_on),
                "decided_by": str(decision.decided_by),
                "decided_at": timezone.localtime(decision.decided_at).isoformat(),
                "reasons": decision.reasons,
                "reasons_for_parents": decision.reasons_for_parents,
                "reasons_for_child": decision.reasons_for_child,
                "reasons_for_other_than_top": decision.reasons_for_other_than_top,
                "top_place": str(decision.top_place) if decision.top_place else "",
                "chosen_rank": decision.chosen_rank,
                "dissent": decision.dissent,
                "appeal_guidance": decision.appeal_guidance,
                "child_words_shared": decision.child_words_shared,
                "facts": [
                    fact
                    for f in Decision._meta.concrete_fields
                    if f.name not in _NOT_FACTS and (fact := _fact(decision, f.name))
                ],
            },
            "place": {
                "id": place.pk,
                "name": str(place),
                "provider": place.provider.name,
                "town": f"{location.code} {location.name}" if location else "",
            },
            "assessment": None
            if assessment is None
            else {
                "levels": assessment.levels(),
                "tags": [str(t) for t in assessment.tag_labels()],
                "resources": assessment.resources,
            },
            "wishes": [
                {
                    "kind": str(w.get_kind_display()),
                    "importance": str(w.get_importance_display()),
                    "text": w.text,
                }
                for w in children.wishes_of(case)
            ],
            "child_words": [
                {"held_on": _day(c.held_on), "words": c.child_words}
                for c in children.conversations_of(case)
                if c.child_words
            ],
            "parents": [
                {
                    "id": p.pk,
                    "name": p.name,
                    "kind": p.kind,
                    "kind_label": str(p.get_kind_display()),
                    "custody": p.kind == PersonKind.CUSTODY_HOLDER,
                    "view": getattr(views.get(p.pk), "views", ""),
                    "worries": getattr(views.get(p.pk), "worries", ""),
                }
                for p in children.parents_of(child)
            ],
            "meeting": _meeting(decision.meeting),
            "preparation": _preparation(decision),
            "candidates": _candidates(decision),
            "hearings": [
                {
                    "party": h.party,
                    "party_label": str(h.get_party_display()),
                    "person_id": h.person_id,
                    "name": h.name,
                    "sent_on": _day(h.sent_on),
                    "answered_on": _day(h.answered_on),
                    "answer": h.answer,
                }
                for h in decision.hearings.all()
            ],
        }


@transaction.atomic
def basis_write(*, decision: Decision, recorded_late: bool = False) -> DecisionBasis:
    """Write the decision's basis once; a second call returns the record already written."""
    existing = DecisionBasis.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    content = canonical(snapshot(decision))
    return DecisionBasis.objects.create(
        decision=decision,
        content=content,
        sha256=content_hash(content),
        schema=SCHEMA,
        recorded_at=timezone.now(),
        recorded_late=recorded_late,
    )


def basis_for(decision: Decision) -> DecisionBasis:
    """The decision's basis; a decision older than the record gets it now, marked as late."""
    existing = DecisionBasis.objects.filter(decision=decision).first()
    return existing or basis_write(decision=decision, recorded_late=True)


def basis_data(basis: DecisionBasis) -> dict[str, Any]:
    """The stored content, checked against its hash (a changed row is an error, not a document)."""
    if content_hash(basis.content) != basis.sha256:
        raise ValueError(f"decision basis {basis.pk} does not match its hash")
    data: dict[str, Any] = json.loads(basis.content)
    return data
