# SPDX-License-Identifier: MPL-2.0
"""api: the typed contract of every operation (pydantic through django-ninja)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from ninja import Schema
from pydantic import ConfigDict, Field

from matchengine.vocab import Dimension
from placematch.matching.models import Answer, DeclineReason, DimensionAnswer

TEXT_MAX = 5000  # as a text area on the pages (core.inputs.TextLimits)
ID_MAX = 2**63 - 1
Pk = Annotated[int, Field(ge=1, le=ID_MAX)]
# No NUL or other control characters (tab and line breaks are fine), as on the pages' forms.
PLAIN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


def text(limit: int, default: str = "", description: str | None = None) -> Any:
    return Field(default, max_length=limit, pattern=PLAIN, description=description)


if TYPE_CHECKING:
    AnswerCode: TypeAlias = str
    DeclineCode: TypeAlias = str
    DimensionCode: TypeAlias = str
    DimensionAnswerCode: TypeAlias = str
else:
    # The codes as the schema's enums, taken from the apps' own choices.
    AnswerCode = Literal[tuple(Answer.values)]
    DeclineCode = Literal[("", *DeclineReason.values)]
    DimensionCode = Literal[tuple(d.value for d in Dimension)]
    DimensionAnswerCode = Literal[tuple(DimensionAnswer.values)]


class In(Schema):
    """Every body refuses a field it does not know, so a misspelt field is never ignored."""

    model_config = ConfigDict(extra="forbid")


# Provider side -------------------------------------------------------------------------------


class PlaceRef(Schema):
    id: int
    name: str


class NeedOut(Schema):
    dimension: str
    level: str


class WishOut(Schema):
    kind: str
    importance: str


class ProfileOut(Schema):
    """The pseudonymised stage-1 profile the place sees on its page."""

    age_band: str
    case_type: str
    needs: list[NeedOut]
    need_tags: list[str]
    safety_tags: list[str]
    safety_concern: bool
    siblings_together: int
    wishes: list[WishOut]
    area: str | None
    assessed: bool


class InquiryOut(Schema):
    id: int
    place: PlaceRef
    status: str
    urgency: str
    stage: int
    sent_at: datetime.datetime
    due_at: datetime.datetime
    overdue: bool
    age_band: str | None = Field(description="None once the inquiry is withdrawn.")
    answer: str
    decline_reason: str
    answered_at: datetime.datetime | None


class NeedNoteOut(Schema):
    dimension: str
    note: str


class NamedWishOut(WishOut):
    text: str


class Stage2Out(Schema):
    """What the place sees more once the caseworker went on with it after its yes."""

    first_name: str
    age: int
    need_notes: list[NeedNoteOut]
    resources: str
    wishes: list[NamedWishOut]
    safety_note: str
    school_town: str | None


class InquiryDetailOut(InquiryOut):
    profile: ProfileOut | None = Field(description="None once the inquiry is withdrawn.")
    stage2: Stage2Out | None = Field(description="Only in stage 2.")
    dimension_answers: dict[str, str]
    decline_text: str
    support_needed: str
    view: str


class AnswerIn(In):
    answer: AnswerCode
    dimension_answers: dict[DimensionCode, DimensionAnswerCode] = Field(
        default_factory=dict, description="Every dimension, unless the answer is no."
    )
    decline_reason: DeclineCode = ""
    decline_text: str = text(TEXT_MAX)
    support_needed: str = text(TEXT_MAX)
    view: str = text(TEXT_MAX)


class VacancyOut(Schema):
    state: str = Field(description="fresh, stale or missing")
    free_places: int | None
    declared_on: datetime.date | None
    expires_on: datetime.date | None
    available_from: datetime.date | None
    version: int = Field(description="Send it back as expected_version to declare again.")


class OccupancyOut(Schema):
    approved: int
    placed: int
    reserved: int
    free: int


class CapacityOut(Schema):
    version: int
    capacities: dict[str, str]
    specialities: list[str]


class PlaceOut(Schema):
    id: int
    name: str
    registry_id: str
    place_type: str
    occupancy: OccupancyOut
    vacancy: VacancyOut
    capacity_profile: CapacityOut | None


class VacancyIn(In):
    free_places: int = Field(ge=0, le=999)
    available_from: datetime.date | None = None
    note: str = text(300)
    expected_version: int = Field(
        ge=0, le=ID_MAX, description="The vacancy's version you read (0: none declared yet)."
    )


# Municipality side ---------------------------------------------------------------------------


class CaseOut(Schema):
    """What the case system already holds, and the course's status: no free text."""

    id: int
    case_number: str
    status: str
    case_type: str
    legal_basis: str
    aware_date: datetime.date
    placement_decision_date: datetime.date | None
    intended_placement_date: datetime.date | None
    non_disclosure: bool


class TransitionOut(Schema):
    name: str
    from_status: str
    to_status: str
    at: datetime.datetime


class CaseDetailOut(CaseOut):
    transitions: list[TransitionOut]


class DocumentOut(Schema):
    key: str = Field(description="basis, basis-for-parents, location-letter, letter-child, …")
    audience: str
    url: str


class DecisionOut(Schema):
    id: int
    case_id: int
    case_number: str
    kind: str
    status: str
    legal_basis: str
    place: PlaceRef
    start_on: datetime.date
    decided_at: datetime.datetime
    documents: list[DocumentOut]
    journal_package: str = Field(
        description="The journal package: the stored PDFs and metadata.json in a ZIP "
        "(schema: docs/schemas/journal-package.schema.json)."
    )


class TaskOut(Schema):
    case_id: int
    case_number: str
    code: str
    label: str
    due: datetime.date
    state: str = Field(description="overdue, due_soon or open")
    note: str


class Page(Schema):
    count: int
    limit: int
    offset: int


class InquiryPage(Page):
    items: list[InquiryOut]


class CasePage(Page):
    items: list[CaseOut]


class ListQuery(In):
    limit: int = Field(100, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)
