# SPDX-License-Identifier: MPL-2.0
"""Clique cuts for the overview's LP: pairings no two of which fit one place together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from matchengine.relaxation import Graph


@dataclass(frozen=True)
class Cuts:
    """Clique rows ``sum of x_e <= 1`` over pairings no two of which fit one place together.

    Cut ``k`` holds, at place ``place[k]``, every pairing of more than ``above[k]`` children
    and the pairing ``own[k]`` (-1: none). Two members need more room than the place's free
    places, and a unit takes at most one place, so any assignment uses at most one member:
    the row is valid for every 0/1 assignment and only cuts off fractional LP points.
    """

    place: npt.NDArray[np.int64]
    above: npt.NDArray[np.int64]
    own: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.place)

    @staticmethod
    def none() -> Cuts:
        empty = np.zeros(0, dtype=np.int64)
        return Cuts(empty, empty, empty)

    def __getitem__(self, which: npt.NDArray[np.bool_] | npt.NDArray[np.int64]) -> Cuts:
        return Cuts(self.place[which], self.above[which], self.own[which])

    def __add__(self, other: Cuts) -> Cuts:
        return Cuts(
            np.concatenate([self.place, other.place]),
            np.concatenate([self.above, other.above]),
            np.concatenate([self.own, other.own]),
        )

    def members(
        self, graph: Graph, cols: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Every (cut, position in ``cols``) membership, as two arrays."""
        empty = np.zeros(0, dtype=np.int64)
        if not len(self) or not len(cols):
            return empty, empty
        # Most pairings are at places without a cut; only the others are looked up.
        has_cut = np.zeros(len(graph.free), dtype=np.bool_)
        has_cut[self.place] = True
        near = np.flatnonzero(has_cut[graph.place[cols]])
        cut, pos = self._members(graph, cols[near])
        return cut, near[pos]

    def _members(
        self, graph: Graph, cols: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        by_place = np.argsort(self.place, kind="stable")
        places = self.place[by_place]
        at = graph.place[cols]
        lo = np.searchsorted(places, at, side="left")
        hi = np.searchsorted(places, at, side="right")
        counts = hi - lo
        pos = np.repeat(np.arange(len(cols), dtype=np.int64), counts)
        # The cuts at each position's place: lo, lo + 1, ..., hi - 1.
        offset = np.arange(len(pos)) - np.repeat(np.cumsum(counts) - counts, counts)
        cut = by_place[np.repeat(lo, counts) + offset]
        inside = (graph.size[cols[pos]] > self.above[cut]) | (cols[pos] == self.own[cut])
        return cut[inside], pos[inside]


def violated(
    graph: Graph, cols: npt.NDArray[np.int64], x: npt.NDArray[np.float64], known: Cuts
) -> Cuts:
    """Clique cuts that the LP point ``x`` (over ``cols``) breaks, at most one per kind.

    At a place with ``f`` free places, units of more than ``f // 2`` children exclude each
    other; a unit ``v`` of ``s <= f // 2`` children also excludes every unit of more than
    ``f - s``. The first kind is one row per place, the second is tried with each size's
    largest ``x_v``.
    """
    positive = x > 1e-9
    cols, x = cols[positive], x[positive]
    free = graph.free[graph.place[cols]]
    crowded = np.unique(graph.place[cols[2 * graph.size[cols] > free]])
    if not len(crowded):
        return Cuts.none()
    here = np.isin(graph.place[cols], crowded)
    cols, x = cols[here], x[here]
    seen = set(zip(known.place.tolist(), known.above.tolist(), known.own.tolist(), strict=True))
    by_place: dict[int, list[tuple[int, float, int]]] = {}
    for e, value in zip(cols.tolist(), x.tolist(), strict=True):
        by_place.setdefault(int(graph.place[e]), []).append((int(graph.size[e]), value, e))
    found: list[tuple[int, int, int]] = []
    for place, entries in by_place.items():
        f = int(graph.free[place])
        candidates = [(f // 2, -1, 0.0)]
        for s in range(1, f // 2 + 1):
            own = [(value, e) for size, value, e in entries if size == s]
            if own:
                value, e = max(own)
                candidates.append((f - s, e, value))
        for above, e, base in candidates:
            lhs = base + sum(value for size, value, _ in entries if size > above)
            if lhs > 1 + 1e-6 and (place, above, e) not in seen:
                found.append((place, above, e))
    if not found:
        return Cuts.none()
    place_, above_, own_ = (np.array(v, dtype=np.int64) for v in zip(*found, strict=True))
    return Cuts(place_, above_, own_)
