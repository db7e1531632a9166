# SPDX-License-Identifier: MPL-2.0
"""The versioned scoring policy: every weight, with the bounds a municipality may set it within."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from matchengine.vocab import Dimension, SupportLevel

POLICY_VERSION = "2026.2"

# Behaviour problems and low care quality predict breakdown most strongly (DOMAIN.md §5),
# so shortfalls there weigh half again as much as elsewhere.
DEFAULT_DIMENSION_WEIGHTS: dict[Dimension, int] = {
    Dimension.HEALTH: 100,
    Dimension.DEVELOPMENT_BEHAVIOUR: 150,
    Dimension.SCHOOLING: 100,
    Dimension.LEISURE_FRIENDSHIPS: 100,
    Dimension.SAFE_CARE: 150,
    Dimension.STIMULATION_GUIDANCE: 100,
    Dimension.RELATIONSHIPS_SUPPORT: 100,
}


def _points(default: int, high: int, text: str) -> int:
    return Field(default=default, ge=0, le=high, description=f"{text} Bounds 0–{high}.")


def _km(default: int, low: int, high: int, text: str) -> int:
    return Field(default=default, ge=low, le=high, description=f"{text} Bounds {low}–{high} km.")


class Policy(BaseModel):
    """Weights in whole points; the engine works in thousandths of a point (milli-points)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(default=POLICY_VERSION, min_length=1, max_length=40)
    base_points: int = Field(
        default=100, ge=0, le=1000, description="Starting score before factors. Bounds 0–1000."
    )
    shortfall_points: tuple[int, int, int, int] = Field(
        default=(6, 15, 27, 40),
        description=(
            "Points lost on one dimension when capacity falls 1, 2, 3 or 4 levels short of the "
            "need. Each 0–60, rising strictly, because a two-level gap is more than twice as "
            "risky as a one-level gap."
        ),
    )
    dimension_weights: dict[Dimension, int] = Field(
        default_factory=lambda: dict(DEFAULT_DIMENSION_WEIGHTS),
        description="Per-dimension multiplier in percent on shortfall points. Bounds 50–200.",
    )
    support_reliance_points: int = _points(
        2,
        20,
        "Points per level of a gap that only a support arrangement closes; at most the "
        "smallest step in shortfall_points, so adding support or capacity never lowers a score.",
    )
    target_group_points: int = _points(
        8,
        30,
        "Points lost per specific need of the child, moderate or higher on its dimension, that "
        "falls outside every target group of the place's approval (heavy needs exclude instead).",
    )
    not_assessed_need_level: SupportLevel = Field(
        default=SupportLevel.HIGH,
        description="Level assumed for a need that is not assessed (conservative).",
    )
    wishes_points: int = _points(15, 40, "Points lost when none of the child's wishes is met.")
    wish_free_km: int = _km(5, 0, 50, "Distance within which a place wish is fully met.")
    wish_span_km: int = _km(40, 1, 200, "Further distance over which a place wish fades out.")
    siblings_together_points: int = _points(15, 40, "Bonus for living with siblings.")
    network_placement_points: int = _points(10, 40, "Bonus for the child's own network family.")
    school_points: int = _points(10, 40, "Points lost when the current school is out of reach.")
    school_free_km: int = _km(5, 0, 50, "Distance to the current school that costs nothing.")
    school_span_km: int = _km(40, 1, 200, "Further distance over which school points are lost.")
    parents_points: int = _points(8, 40, "Points lost when parents are far away.")
    parents_free_km: int = _km(10, 0, 100, "Distance to a parent that costs nothing.")
    parents_span_km: int = _km(80, 1, 300, "Further distance over which parent points are lost.")
    network_points: int = _points(5, 40, "Points lost when the child's network is far away.")
    network_free_km: int = _km(10, 0, 100, "Distance to the network that costs nothing.")
    network_span_km: int = _km(80, 1, 300, "Further distance over which network points are lost.")
    household_safety_points: int = _points(
        30, 60, "Points lost when a child with risk behaviour would live with younger children."
    )
    household_size_points: int = _points(
        5, 20, "Points lost per child above the most other children this child can live with."
    )
    household_animals_points: int = _points(15, 40, "Points lost for animals when allergic.")
    cultural_continuity_points: int = _points(
        8, 30, "Points lost when no recorded language, culture or religion can be continued."
    )
    vacancy_max_age_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="A vacancy declared longer ago than this is stale. Bounds 1–365 days.",
    )

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        levels = (0, *self.shortfall_points)
        steps = [levels[i + 1] - levels[i] for i in range(4)]
        if any(p > 60 for p in self.shortfall_points) or any(s <= 0 for s in steps):
            raise ValueError("shortfall_points must rise strictly and each be at most 60")
        if self.support_reliance_points > min(steps):
            raise ValueError(
                "support_reliance_points must not exceed the smallest step in shortfall_points"
            )
        if set(self.dimension_weights) != set(Dimension):
            raise ValueError("dimension_weights must name all seven dimensions")
        for dimension, weight in self.dimension_weights.items():
            if not 50 <= weight <= 200:
                raise ValueError(f"dimension_weights.{dimension.value} must be within 50–200")
        if self.not_assessed_need_level is SupportLevel.NOT_ASSESSED:
            raise ValueError("not_assessed_need_level must be an assessed level")
        return self
