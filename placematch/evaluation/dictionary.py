# SPDX-License-Identifier: MPL-2.0
"""evaluation: the export's rows and its data dictionary (every field, its codes, definitions).

The rows are the contract: the dictionary is built from their fields, the files are written
from them and read back into them, so a field cannot be exported without a definition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from matchengine.vocab import CaseType, Gender, LegalBasis, PlaceType
from placematch.core.codes import code_choices
from placematch.evaluation.anonymity import HIDDEN
from placematch.followup.models_ending import EndingKind
from placematch.followup.models_voice import Respondent, VoiceRating
from placematch.followup.questions import SURVEY
from placematch.preparation.models import StartedKind


class Kind(StrEnum):
    """How a value is written in the files and read back."""

    PSEUDONYM = "pseudonym"
    CODE = "code"
    MONTH = "month"  # YYYY-MM
    INTEGER = "integer"
    FLAG = "flag"  # 1, 0 or empty when unknown


@dataclass(frozen=True)
class PlacementRow:
    """One started placement, as the recipient gets it."""

    child: str
    placement: str
    municipality: str
    start_month: str
    kind: str
    case_type: str
    legal_basis: str
    age_band: str
    sex: str
    place_type: str
    high_needs: int
    open_needs: int | None
    support_arrived: bool | None
    wishes_met: bool | None
    engine_top3: bool | None
    ending: str
    end_month: str
    breakdown: bool


@dataclass(frozen=True)
class AnswerRow:
    """One answered question of a follow-up survey (1, 3, 6 or 12 months after the start)."""

    child: str
    placement: str
    municipality: str
    survey_month: int
    respondent: str
    question: str
    rating: str
    answer_month: str


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    definition: str
    codes: tuple[tuple[str, str], ...] = ()


TABLES: dict[str, type[PlacementRow] | type[AnswerRow]] = {
    "placements": PlacementRow,
    "answers": AnswerRow,
}


def _choices(choices: type[TextChoices]) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in choices.choices)


def _codes(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(code), str(label)) for code, label in code_choices(enum))


def _place_codes() -> tuple[tuple[str, str], ...]:
    coarse = (
        ("family_care", _("Family care (any foster family)")),
        ("residential", _("Residential care (institution, residential home, secure unit)")),
        ("independent", _("Own room or boarding school")),
    )
    return (*_codes(PlaceType), *coarse, (HIDDEN, _("Hidden to protect anonymity")))


def _question_codes() -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for questions in SURVEY.values():
        for code, label, _text in questions:
            seen.setdefault(code, str(label))
    return tuple(seen.items())


def _specs() -> dict[str, list[FieldSpec]]:
    pseudo = _(
        "Pseudonym of the child: the same in every export to this recipient, another for another "
        "recipient; it cannot be traced back without the municipality's secret."
    )
    placement = _("Pseudonym of the started placement, to link survey answers to it.")
    municipality = _("Municipality number (kommunenummer) of the placing municipality.")
    flag = (("1", _("Yes")), ("0", _("No")), ("", _("Not known")))
    hidden = (HIDDEN, _("Hidden to protect anonymity"))
    sexes = (*_codes(Gender), ("unknown", _("Not recorded")), hidden)
    return {
        "placements": [
            FieldSpec("child", Kind.PSEUDONYM, pseudo),
            FieldSpec("placement", Kind.PSEUDONYM, placement),
            FieldSpec("municipality", Kind.CODE, municipality),
            FieldSpec("start_month", Kind.MONTH, _("Month the child moved in (year-month).")),
            FieldSpec("kind", Kind.CODE, _("Kind of started placement."), _choices(StartedKind)),
            FieldSpec("case_type", Kind.CODE, _("Type of case."), _codes(CaseType)),
            FieldSpec(
                "legal_basis",
                Kind.CODE,
                _("Legal basis of the placement (Barnets Lov)."),
                (*_codes(LegalBasis), ("", _("Not recorded"))),
            ),
            FieldSpec(
                "age_band",
                Kind.CODE,
                _(
                    "Age at the start in whole years, as a band (lowest-highest); bands may be "
                    "widened to protect anonymity (see the report)."
                ),
            ),
            FieldSpec(
                "sex",
                Kind.CODE,
                _(
                    "Gender given in the matching input at the decision; * when hidden to "
                    "protect anonymity."
                ),
                sexes,
            ),
            FieldSpec(
                "place_type",
                Kind.CODE,
                _("Type of place (§ 43), or its coarse class when generalised (see the report)."),
                _place_codes(),
            ),
            FieldSpec(
                "high_needs",
                Kind.INTEGER,
                _(
                    "Number of dimensions assessed high or complete in the matching input at "
                    "the decision."
                ),
            ),
            FieldSpec(
                "open_needs",
                Kind.INTEGER,
                _(
                    "Number of dimensions the chosen place left open at the match; empty when "
                    "not known."
                ),
            ),
            FieldSpec(
                "support_arrived",
                Kind.FLAG,
                _(
                    "All support promised at the match was in place at its latest check; empty "
                    "when none was promised or checked."
                ),
                flag,
            ),
            FieldSpec(
                "wishes_met",
                Kind.FLAG,
                _("The chosen place met the child's scored wishes; empty when not known."),
                flag,
            ),
            FieldSpec(
                "engine_top3",
                Kind.FLAG,
                _(
                    "The chosen place was among the matching engine's top three at the "
                    "decision; empty when no match was run."
                ),
                flag,
            ),
            FieldSpec(
                "ending",
                Kind.CODE,
                _("How the placement ended; empty while it lasts."),
                (*_choices(EndingKind), ("", _("Not ended"))),
            ),
            FieldSpec("end_month", Kind.MONTH, _("Month of the last day at the place.")),
            FieldSpec(
                "breakdown",
                Kind.FLAG,
                _("The placement ended in a breakdown (an unplanned end)."),
                flag[:2],
            ),
        ],
        "answers": [
            FieldSpec("child", Kind.PSEUDONYM, pseudo),
            FieldSpec("placement", Kind.PSEUDONYM, placement),
            FieldSpec("municipality", Kind.CODE, municipality),
            FieldSpec(
                "survey_month", Kind.INTEGER, _("The survey: months after the start (1, 3, 6, 12).")
            ),
            FieldSpec("respondent", Kind.CODE, _("Who answered."), _choices(Respondent)),
            FieldSpec("question", Kind.CODE, _("The question answered."), _question_codes()),
            FieldSpec("rating", Kind.CODE, _("The answer."), _choices(VoiceRating)),
            FieldSpec("answer_month", Kind.MONTH, _("Month of the answer (year-month).")),
        ],
    }


def dictionary() -> dict[str, list[FieldSpec]]:
    """Every table's fields in file order, with definitions in the active language."""
    specs = _specs()
    for table, row in TABLES.items():
        names = [f.name for f in fields(row)]
        if [s.name for s in specs[table]] != names:
            raise AssertionError(f"the dictionary of {table} does not match its row")
    return specs


def write_value(kind: Kind, value: object) -> str:
    if value is None:
        return ""
    if kind is Kind.FLAG:
        return "1" if value else "0"
    return str(value)


READERS: dict[Kind, Callable[[str], object]] = {
    Kind.INTEGER: lambda raw: int(raw) if raw != "" else None,
    Kind.FLAG: lambda raw: {"1": True, "0": False}.get(raw),
}


def read_value(kind: Kind, raw: str) -> object:
    reader = READERS.get(kind)
    return reader(raw) if reader is not None else raw
