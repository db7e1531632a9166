# SPDX-License-Identifier: MPL-2.0
"""The profiles a candidate place sees: stage 1 (minimal, pseudonymised) and stage 2 (named).

Stage 1 is what every inquired place sees, enough for a meaningful answer: an age band, the
needs on the seven dimensions, the specific needs, the safety information a place must know
(``matchengine.vocab.SAFETY_NEED_TAGS`` and a recorded safety concern, never its free text),
how many siblings are to be placed together, the kinds of the child's wishes with how much they
matter (never the child's wording), the case type, and the acting municipality as the area.
It never holds the name, birth date, address, school or case number; under non-disclosure
protection (§ 105) it holds no area at all.

Stage 2 is shown only after a yes and the caseworker's explicit choice to proceed. It adds:
the child's first name, the exact age in whole years, the caseworker's reasoning per
dimension, the child's resources, the child's wishes in the child's own words, the safety note,
and the town of the current school (left out under non-disclosure). Last name, birth date,
address, school name and case number are never sent to a place through an inquiry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from matchengine.vocab import (
    SAFETY_NEED_TAGS,
    Dimension,
    NeedTag,
    SupportLevel,
    WishImportance,
    WishKind,
)
from placematch.children.models import Case
from placematch.children.selectors import latest_assessment, siblings_of, wishes_of
from placematch.core import postcodes
from placematch.core.codes import label_of

# (lowest age, highest age, label) — bands wide enough that the age does not identify a child.
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 2, "0–2"),
    (3, 5, "3–5"),
    (6, 9, "6–9"),
    (10, 12, "10–12"),
    (13, 15, "13–15"),
    (16, 17, "16–17"),
)


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "18+"


@dataclass(frozen=True)
class NeedRow:
    dimension: str  # code
    label: str
    level: str  # code
    level_label: str


@dataclass(frozen=True)
class WishRow:
    kind_label: str
    importance_label: str


@dataclass(frozen=True)
class Stage1Profile:
    age_band: str
    case_type_label: str
    needs: list[NeedRow]
    need_tags: list[str]
    safety_tags: list[str]
    safety_concern: bool
    siblings_together: int
    wishes: list[WishRow]
    area: str | None  # None under non-disclosure protection
    assessed: bool


@dataclass(frozen=True)
class NamedWish:
    kind_label: str
    importance_label: str
    text: str


@dataclass(frozen=True)
class Stage2Profile:
    first_name: str
    age: int
    need_notes: list[tuple[str, str]]  # (dimension label, reasoning)
    resources: str
    wishes: list[NamedWish]
    safety_note: str
    school_town: str | None


def stage1_profile(case: Case, today: datetime.date) -> Stage1Profile:
    """The one place the stage-1 profile is built: every field a place sees in stage 1."""
    child = case.child
    assessment = latest_assessment(case)
    levels = assessment.levels() if assessment is not None else {}
    needs = [
        NeedRow(
            d.value,
            label_of(Dimension, d.value),
            levels.get(d.value, SupportLevel.NOT_ASSESSED.value),
            label_of(SupportLevel, levels.get(d.value, SupportLevel.NOT_ASSESSED.value)),
        )
        for d in Dimension
    ]
    tags = list(assessment.need_tags) if assessment is not None else []
    safety_codes = {t.value for t in SAFETY_NEED_TAGS}
    wishes = [
        WishRow(label_of(WishKind, w.kind), label_of(WishImportance, w.importance))
        for w in wishes_of(case)
    ]
    return Stage1Profile(
        age_band=age_band(child.age_on(today)),
        case_type_label=case.get_case_type_display(),
        needs=needs,
        need_tags=[label_of(NeedTag, t) for t in tags if t not in safety_codes],
        safety_tags=[label_of(NeedTag, t) for t in tags if t in safety_codes],
        safety_concern=case.safety_concern,
        siblings_together=siblings_of(child).filter(placed_together=True).count(),
        wishes=wishes,
        area=None if case.non_disclosure else case.organisation.name,
        assessed=assessment is not None,
    )


def stage2_profile(case: Case, today: datetime.date) -> Stage2Profile:
    """What a place sees more after its yes and the caseworker's choice to proceed."""
    child = case.child
    assessment = latest_assessment(case)
    notes: list[tuple[str, str]] = []
    if assessment is not None:
        notes = [
            (label_of(Dimension, n.dimension), n.note) for n in assessment.needs.all() if n.note
        ]
    school_town = None
    if not case.non_disclosure and child.school_postcode:
        found = postcodes.lookup(child.school_postcode)
        school_town = found.name if found is not None else None
    return Stage2Profile(
        first_name=child.first_name,
        age=child.age_on(today),
        need_notes=notes,
        resources=assessment.resources if assessment is not None else "",
        wishes=[
            NamedWish(
                label_of(WishKind, w.kind),
                label_of(WishImportance, w.importance),
                w.correction or w.text,
            )
            for w in wishes_of(case)
        ],
        safety_note=case.safety_note if case.safety_concern else "",
        school_town=school_town,
    )
