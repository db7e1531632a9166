# SPDX-License-Identifier: MPL-2.0
"""Geometry of the needs chart: one bar per matching dimension, drawn as server-side SVG."""

from __future__ import annotations

from dataclasses import dataclass

from matchengine.vocab import MAX_SUPPORT_RANK, SUPPORT_LEVEL_RANK, Dimension, SupportLevel
from placematch.core.codes import label_of

LABEL_WIDTH = 260
BAR_WIDTH = 300
ROW_HEIGHT = 36


@dataclass(frozen=True)
class Bar:
    label: str
    level: str
    level_label: str
    assessed: bool
    y: int
    text_y: int
    width: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH
    total_width: int = LABEL_WIDTH + BAR_WIDTH + 120

    @property
    def ticks(self) -> list[tuple[int, str]]:
        return [
            (LABEL_WIDTH + BAR_WIDTH * rank // MAX_SUPPORT_RANK, label_of(SupportLevel, level))
            for level, rank in SUPPORT_LEVEL_RANK.items()
        ]


def needs_chart(levels: dict[str, str]) -> Chart:
    bars = []
    for index, dimension in enumerate(Dimension):
        level = SupportLevel(levels.get(dimension.value, SupportLevel.NOT_ASSESSED.value))
        rank = SUPPORT_LEVEL_RANK.get(level)
        width = 0 if rank is None else max(4, BAR_WIDTH * rank // MAX_SUPPORT_RANK)
        y = 8 + index * ROW_HEIGHT
        bars.append(
            Bar(
                label=label_of(Dimension, dimension.value),
                level=level.value,
                level_label=label_of(SupportLevel, level.value),
                assessed=rank is not None,
                y=y,
                text_y=y + 19,
                width=width,
            )
        )
    return Chart(bars=bars, height=16 + len(bars) * ROW_HEIGHT + 24)
