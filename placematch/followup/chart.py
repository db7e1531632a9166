# SPDX-License-Identifier: MPL-2.0
"""followup: progression per goal over time, drawn as small server-side SVG charts.

One chart per goal's dimension: the level at placement, then the level recorded at each held
follow-up, on the needs' scale (none at the bottom, complete at the top), with the target level
as a dashed line. The page shows the same numbers in a table beside the charts, which is what a
screen reader reads (the charts carry a short text alternative).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from matchengine.vocab import MAX_SUPPORT_RANK, Dimension, SupportLevel
from placematch.core.codes import label_of
from placematch.followup.models import FollowUp, PlanGoal
from placematch.followup.rules import SCALE, rank

WIDTH = 320
HEIGHT = 150
LEFT = 74  # room for the level names
RIGHT = 12
TOP = 10
BOTTOM = 28
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Point:
    day: datetime.date
    level: str
    level_label: str
    x: int
    y: int


@dataclass(frozen=True)
class DimensionChart:
    code: str
    label: str
    points: list[Point]
    target_label: str
    target_y: int | None
    path: str
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def ticks(self) -> list[tuple[int, str]]:
        return [(_y(level), label_of(SupportLevel, level)) for level in SCALE]

    @property
    def summary(self) -> str:
        return ", ".join(f"{p.day:%d.%m.%Y}: {p.level_label}" for p in self.points)


def _y(level: str) -> int:
    value = rank(level)
    return TOP + PLOT_H - (PLOT_H * (value or 0) // MAX_SUPPORT_RANK)


def _x(day: datetime.date, first: datetime.date, last: datetime.date) -> int:
    span = max(1, (last - first).days)
    return LEFT + PLOT_W * (day - first).days // span


def progression(
    goals: list[PlanGoal], started_on: datetime.date, followups: list[FollowUp]
) -> list[DimensionChart]:
    held = sorted((f for f in followups if f.held_on is not None), key=lambda f: f.held_on)  # type: ignore[arg-type, return-value]
    charts = []
    for goal in goals:
        series: list[tuple[datetime.date, str]] = []
        if rank(goal.start_level) is not None:
            series.append((started_on, goal.start_level))
        for followup in held:
            for row in followup.progress.all():
                if row.dimension == goal.dimension:
                    series.append((followup.held_on, row.level))  # type: ignore[arg-type]
        first = series[0][0] if series else started_on
        last = max([first, goal.target_date, *[d for d, _l in series]])
        points = [
            Point(day, level, label_of(SupportLevel, level), _x(day, first, last), _y(level))
            for day, level in series
        ]
        charts.append(
            DimensionChart(
                code=goal.dimension,
                label=label_of(Dimension, goal.dimension),
                points=points,
                target_label=label_of(SupportLevel, goal.target_level),
                target_y=_y(goal.target_level) if rank(goal.target_level) is not None else None,
                path=" ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points)),
            )
        )
    return charts


def table(
    goals: list[PlanGoal], started_on: datetime.date, followups: list[FollowUp]
) -> tuple[list[str], list[tuple[datetime.date, str, list[str]]]]:
    """The same numbers as a table: a row per date (the start, then each follow-up)."""
    heads = [label_of(Dimension, g.dimension) for g in goals]
    rows = [(started_on, "start", [label_of(SupportLevel, g.start_level) for g in goals])]
    for followup in sorted(
        (f for f in followups if f.held_on is not None),
        key=lambda f: f.held_on,  # type: ignore[arg-type, return-value]
    ):
        levels = {p.dimension: p.level for p in followup.progress.all()}
        rows.append(
            (
                followup.held_on,  # type: ignore[arg-type]
                "followup",
                [label_of(SupportLevel, levels[g.dimension]) if g.dimension in levels else "–"
                 for g in goals],
            )
        )  # fmt: skip
    return heads, rows
