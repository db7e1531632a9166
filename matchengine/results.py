# SPDX-License-Identifier: MPL-2.0
"""Output models: codes and parameters only, so the Django layer owns every word shown."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from matchengine.models import EngineModel, Id
from matchengine.vocab import (
    ConstraintCode,
    ConstraintKind,
    Dimension,
    FactorCode,
    NoticeCode,
    SupportKind,
    SupportLevel,
    UnplacedReason,
)

# No floats, so output is byte-identical across machines.
Param = int | bool | str | tuple[str, ...] | None
Params = dict[str, Param]


class Reason(EngineModel):
    """Why a place cannot (or, for a practical reason, should not) take the child."""

    code: ConstraintCode
    kind: ConstraintKind
    params: Params = Field(default_factory=dict)


class Factor(EngineModel):
    """One named part of a score, in milli-points (thousandths of a point)."""

    code: FactorCode
    contribution_milli: int
    params: Params = Field(default_factory=dict)


class Gap(EngineModel):
    """Need against capacity on one dimension, and whether support closes the difference."""

    dimension: Dimension
    need: SupportLevel
    need_used: SupportLevel
    capacity: SupportLevel
    effective_capacity: SupportLevel
    gap_levels: int
    open_levels: int
    closed_by: tuple[SupportKind, ...] = ()


class SupportItem(EngineModel):
    """Support that would close an open gap; a starting point for the conversation."""

    dimension: Dimension
    from_level: SupportLevel
    to_level: SupportLevel
    suggested: tuple[SupportKind, ...]


class Notice(EngineModel):
    """Something to look at that neither excludes nor scores."""

    code: NoticeCode
    params: Params = Field(default_factory=dict)


class PlaceExplanation(EngineModel):
    """Everything behind one place's score."""

    place_id: Id
    rank: int
    score_milli: int
    factors: tuple[Factor, ...]
    gaps: tuple[Gap, ...]
    suggested_support: tuple[SupportItem, ...]
    notices: tuple[Notice, ...]
    practical_reasons: tuple[Reason, ...] = ()


class RankedPlace(EngineModel):
    """A place's total score and rank."""

    place_id: Id
    rank: int
    score_milli: int


class ExcludedPlace(EngineModel):
    """A place left out, with all its reasons."""

    place_id: Id
    reasons: tuple[Reason, ...]


class RankResult(EngineModel):
    """Ranking of all places for one child."""

    engine_version: str
    policy_version: str
    reference_date: date
    child_id: Id
    place_count: int
    included_count: int
    top: tuple[PlaceExplanation, ...]
    ranked: tuple[RankedPlace, ...]
    excluded: tuple[ExcludedPlace, ...]


class Alternative(EngineModel):
    """Another feasible place for a child in the overview, and who holds it."""

    place_id: Id
    score_milli: int
    taken_by: tuple[Id, ...]


class ChildOutcome(EngineModel):
    """One child's line in the capacity overview."""

    child_id: Id
    sibling_group_id: Id | None
    place_id: Id | None
    score_milli: int | None
    pinned: bool
    feasible_places: int
    alternatives: tuple[Alternative, ...]
    unplaced_reason: UnplacedReason | None
    competing_children: tuple[Id, ...] = ()


class PlaceDemand(EngineModel):
    """A place more children could use than it has room for."""

    place_id: Id
    free_places: int
    assigned: tuple[Id, ...]
    candidates: int


class Objective(EngineModel):
    """The three lexicographic objectives, in order."""

    placed_children: int
    min_fit_milli: int | None
    total_fit_milli: int


class OverviewResult(EngineModel):
    """Where several children compete for the same places. Advisory, never a decision."""

    engine_version: str
    policy_version: str
    reference_date: date
    objective: Objective
    children: tuple[ChildOutcome, ...]
    contested_places: tuple[PlaceDemand, ...]
    candidate_limit: int | None
