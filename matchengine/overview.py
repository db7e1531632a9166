# SPDX-License-Identifier: MPL-2.0
"""Capacity overview: where several children compete for places, solved as three exact MILPs."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from matchengine import ENGINE_VERSION
from matchengine.index import PlaceIndex
from matchengine.models import ChildProfile, OverviewRequest
from matchengine.results import Alternative, ChildOutcome, Objective, OverviewResult, PlaceDemand
from matchengine.vocab import UnplacedReason


class OverviewInputError(ValueError):
    """A pin that cannot hold; the message names the pin."""


@dataclass
class Unit:
    """A child alone or a whole sibling group: placed together or not at all."""

    children: list[ChildProfile]
    feasible: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    fits: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    allowed: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, np.bool_))
    pinned: int | None = None

    @property
    def size(self) -> int:
        return len(self.children)


@dataclass(frozen=True)
class Edge:
    """One possible (unit, place) pairing in the model."""

    unit: int
    place: int
    fits: tuple[int, ...]


def _units(request: OverviewRequest, index: PlaceIndex) -> list[Unit]:
    groups: dict[str, Unit] = {}
    units: list[Unit] = []
    for child in request.children:
        if child.sibling_group_id is None:
            units.append(Unit([child]))
        elif child.sibling_group_id not in groups:
            groups[child.sibling_group_id] = Unit([child])
            units.append(groups[child.sibling_group_id])
        else:
            groups[child.sibling_group_id].children.append(child)
    n = len(index)
    forbidden: dict[str, set[int]] = {}
    for item in request.forbids:
        forbidden.setdefault(item.child_id, set()).add(index.position[item.place_id])
    pins = {item.child_id: (pos, item) for pos, item in enumerate(request.pins)}
    for unit in units:
        score_rows = np.full((unit.size, n), np.iinfo(np.int64).min, dtype=np.int64)
        feasible = np.ones(n, dtype=np.bool_)
        for row, child in enumerate(unit.children):
            scored = index.evaluate(
                child, request.reference_date, request.policy, request.include_practical
            )
            mask = np.zeros(n, dtype=np.bool_)
            mask[scored.included] = True
            feasible &= mask
            score_rows[row, scored.included] = scored.scores
        unit.feasible = np.flatnonzero(feasible)
        unit.fits = score_rows[:, unit.feasible]
        blocked = set().union(*(forbidden.get(c.id, set()) for c in unit.children))
        unit.allowed = np.array([p not in blocked for p in unit.feasible.tolist()], dtype=np.bool_)
        for child in unit.children:
            if child.id not in pins:
                continue
            pin_pos, pin = pins[child.id]
            place = index.position[pin.place_id]
            hits = np.flatnonzero(unit.feasible == place)
            if not hits.size or not unit.allowed[hits[0]]:
                raise OverviewInputError(
                    f"pins[{pin_pos}]: place {pin.place_id!r} is not feasible "
                    f"for child {child.id!r}"
                )
            if unit.pinned is not None and unit.pinned != place:
                raise OverviewInputError(f"pins[{pin_pos}]: the sibling group is pinned twice")
            unit.pinned = place
    return units


def _edges(units: list[Unit], index: PlaceIndex, limit: int | None) -> list[Edge]:
    edges: list[Edge] = []
    for u, unit in enumerate(units):
        cols = np.flatnonzero(unit.allowed)
        if limit is not None and len(cols) > limit:
            total = unit.fits[:, cols].sum(axis=0)
            order = index.order(unit.feasible[cols], total, limit)
            keep = set(order.tolist())
            if unit.pinned is not None:
                keep.add(unit.pinned)
            cols = np.array([c for c in cols.tolist() if int(unit.feasible[c]) in keep], np.int64)
        if unit.pinned is not None:
            cols = np.array([c for c in cols.tolist() if int(unit.feasible[c]) == unit.pinned])
        for c in cols.tolist():
            edges.append(Edge(u, int(unit.feasible[c]), tuple(unit.fits[:, c].tolist())))
    return edges


def _maximise(
    gain: npt.NDArray[np.float64],
    edges: list[Edge],
    units: list[Unit],
    free: dict[int, int],
    usable: npt.NDArray[np.bool_],
    at_least: int = 0,
) -> npt.NDArray[np.bool_]:
    """Exact 0/1 optimum of ``gain`` over usable edges under capacity and one-place-per-unit.

    The LP relaxation is tried first: this is close to a transportation problem, so it is
    almost always integral, and an integral LP optimum is a MILP optimum. Otherwise HiGHS
    solves the MILP with a zero relative gap.
    """
    cols = np.flatnonzero(usable)
    m = len(cols)
    if m == 0:
        return np.zeros(len(edges), dtype=np.bool_)
    ri: list[int] = []
    ci: list[int] = []
    data: list[float] = []
    lb: list[float] = []
    ub: list[float] = []
    row_of_place: dict[int, int] = {}
    row_of_unit: dict[int, int] = {}
    for k, j in enumerate(cols.tolist()):
        e = edges[j]
        size = float(units[e.unit].size)
        for key, table, coef, low, high in (
            (e.place, row_of_place, size, 0.0, float(free[e.place])),
            (e.unit, row_of_unit, 1.0, 1.0 if units[e.unit].pinned is not None else 0.0, 1.0),
        ):
            if key not in table:
                table[key] = len(lb)
                lb.append(low)
                ub.append(high)
            ri.append(table[key])
            ci.append(k)
            data.append(coef)
        if at_least:
            ri.append(-1)
            ci.append(k)
            data.append(size)
    if at_least:
        ri = [len(lb) if r == -1 else r for r in ri]
        lb.append(float(at_least))
        ub.append(float(at_least))
    matrix = csr_array((data, (ri, ci)), shape=(len(lb), m))
    constraints = LinearConstraint(matrix, lb, ub)
    c = -gain[cols]
    for integral in (0, 1):
        result = milp(
            c,
            constraints=constraints,
            integrality=np.full(m, integral),
            bounds=Bounds(np.zeros(m), np.ones(m)),
            options={"mip_rel_gap": 0.0},
        )
        if result.x is None:
            raise RuntimeError(f"overview model could not be solved: {result.message}")
        x = np.asarray(result.x)
        if integral or np.all(np.minimum(x, 1.0 - x) < 1e-9):
            picked = np.zeros(len(edges), dtype=np.bool_)
            picked[cols] = x > 0.5
            return picked
    raise AssertionError("unreachable")


def _settle_uncontested(
    units: list[Unit], edges: list[Edge], index: PlaceIndex
) -> tuple[list[int | None], list[Edge], dict[int, int]]:
    """Fix units whose best place has room for everyone who could use it.

    Moving such a unit there never costs another child a place and gives every member its
    best fit, so some lexicographic optimum contains that choice; the MILP shrinks to the
    places children really compete for.
    """
    free = {p: index.places[p].free_places for p in {e.place for e in edges}}
    demand: dict[int, int] = {}
    by_unit: dict[int, list[Edge]] = {}
    for e in edges:
        demand[e.place] = demand.get(e.place, 0) + units[e.unit].size
        by_unit.setdefault(e.unit, []).append(e)
    chosen: list[int | None] = [None] * len(units)
    changed = True
    while changed:
        changed = False
        for u, own in list(by_unit.items()):
            best = max(own, key=lambda e: (sum(e.fits), -int(index.id_rank[e.place])))
            members_best = all(
                best.fits[k] == max(e.fits[k] for e in own) for k in range(units[u].size)
            )
            if not members_best or demand[best.place] > free[best.place]:
                continue
            chosen[u] = best.place
            free[best.place] -= units[u].size
            for e in own:
                demand[e.place] -= units[u].size
            del by_unit[u]
            changed = True
    rest = [e for e in edges if e.unit in by_unit]
    return chosen, rest, free


def solve(units: list[Unit], edges: list[Edge], index: PlaceIndex) -> list[int | None]:
    """Lexicographic optimum: most children placed, then best lowest fit, then best total."""
    chosen, edges, free = _settle_uncontested(units, edges, index)
    if not edges:
        return chosen
    size = np.array([units[e.unit].size for e in edges], dtype=np.float64)
    floor = np.array([min(e.fits) for e in edges], dtype=np.int64)
    everything = np.ones(len(edges), dtype=np.bool_)
    placed = int(size @ _maximise(size, edges, units, free, everything))

    settled = [f for u, p in enumerate(chosen) if p is not None for f in _fits_at(units[u], p)]
    threshold = _best_floor(edges, units, free, placed)
    if settled:
        threshold = min(threshold, *settled)
    total = np.array([float(sum(e.fits)) for e in edges])
    best = _maximise(total, edges, units, free, floor >= threshold, at_least=placed)
    for j in np.flatnonzero(best).tolist():
        chosen[edges[j].unit] = edges[j].place
    return chosen


def _best_floor(edges: list[Edge], units: list[Unit], free: dict[int, int], placed: int) -> int:
    """Stage 2: the highest lowest-child fit that still places ``placed`` children.

    One MILP with a variable t: t <= fit of each placed child, and an unplaced child's row
    is relaxed to the upper bound, so only placed children bind.
    """
    m = len(edges)
    top = max(max(e.fits) for e in edges)
    low = min(min(e.fits) for e in edges)
    ri: list[int] = []
    ci: list[int] = []
    data: list[float] = []
    lb: list[float] = []
    ub: list[float] = []

    def row(entries: list[tuple[int, float]], low_bound: float, high_bound: float) -> None:
        for col, value in entries:
            ri.append(len(lb))
            ci.append(col)
            data.append(value)
        lb.append(low_bound)
        ub.append(high_bound)

    by_place: dict[int, list[int]] = {}
    by_unit: dict[int, list[int]] = {}
    for j, e in enumerate(edges):
        by_place.setdefault(e.place, []).append(j)
        by_unit.setdefault(e.unit, []).append(j)
    for place, js in sorted(by_place.items()):
        row([(j, float(units[edges[j].unit].size)) for j in js], 0.0, float(free[place]))
    for u, js in sorted(by_unit.items()):
        row([(j, 1.0) for j in js], 1.0 if units[u].pinned is not None else 0.0, 1.0)
        for member in range(units[u].size):
            row([(j, float(top - edges[j].fits[member])) for j in js] + [(m, 1.0)], -np.inf, top)
    row([(j, float(units[e.unit].size)) for j, e in enumerate(edges)], placed, placed)
    cost = np.zeros(m + 1)
    cost[m] = -1.0
    result = milp(
        cost,
        constraints=LinearConstraint(csr_array((data, (ri, ci)), shape=(len(lb), m + 1)), lb, ub),
        integrality=np.append(np.ones(m), 0),
        bounds=Bounds(np.append(np.zeros(m), low), np.append(np.ones(m), top)),
        options={"mip_rel_gap": 0.0},
    )
    if result.x is None:
        raise RuntimeError(f"overview model could not be solved: {result.message}")
    picked = np.flatnonzero(np.asarray(result.x)[:m] > 0.5).tolist()
    return min((f for j in picked for f in edges[j].fits), default=top)


def _fits_at(unit: Unit, place: int) -> list[int]:
    column = int(np.flatnonzero(unit.feasible == place)[0])
    return [int(v) for v in unit.fits[:, column]]


def overview(request: OverviewRequest, index: PlaceIndex | None = None) -> OverviewResult:
    """Run the capacity overview. Advisory: §52 asks for the best place for each child."""
    if index is None or index.places != request.places:
        index = PlaceIndex(request.places)
    units = _units(request, index)
    edges = _edges(units, index, request.candidate_limit)
    chosen = solve(units, edges, index)
    return _result(request, index, units, edges, chosen)


def _result(
    request: OverviewRequest,
    index: PlaceIndex,
    units: list[Unit],
    edges: list[Edge],
    chosen: list[int | None],
) -> OverviewResult:
    holders: dict[int, list[str]] = {}
    for unit, place in zip(units, chosen, strict=True):
        if place is not None:
            holders.setdefault(place, []).extend(c.id for c in unit.children)
    candidates: dict[int, int] = {}
    for unit in units:
        for p in unit.feasible[unit.allowed].tolist():
            candidates[p] = candidates.get(p, 0) + unit.size
    outcomes: list[ChildOutcome] = []
    fits: list[int] = []
    for unit, place in zip(units, chosen, strict=True):
        for row, child in enumerate(unit.children):
            score = None
            if place is not None:
                score = int(unit.fits[row, int(np.flatnonzero(unit.feasible == place)[0])])
                fits.append(score)
            order = index.order(unit.feasible, unit.fits[row]).tolist()
            position = {p: k for k, p in enumerate(unit.feasible.tolist())}
            alternatives = tuple(
                Alternative(
                    place_id=index.ids[p],
                    score_milli=int(unit.fits[row, position[p]]),
                    taken_by=tuple(sorted(holders.get(p, []))),
                )
                for p in [p for p in order if p != place and unit.allowed[position[p]]][
                    : request.alternatives
                ]
            )
            reason: UnplacedReason | None = None
            competing: tuple[str, ...] = ()
            if place is None:
                if not unit.feasible.size:
                    reason = UnplacedReason.NO_FEASIBLE_PLACE
                elif not unit.allowed.any():
                    reason = UnplacedReason.ALL_FEASIBLE_PLACES_FORBIDDEN
                else:
                    reason = UnplacedReason.PLACES_TAKEN
                    taken = {
                        h for p in unit.feasible[unit.allowed].tolist() for h in holders.get(p, [])
                    }
                    competing = tuple(sorted(taken))
            outcomes.append(
                ChildOutcome(
                    child_id=child.id,
                    sibling_group_id=child.sibling_group_id,
                    place_id=None if place is None else index.ids[place],
                    score_milli=score,
                    pinned=unit.pinned is not None,
                    feasible_places=int(unit.feasible.size),
                    alternatives=alternatives,
                    unplaced_reason=reason,
                    competing_children=competing,
                )
            )
    contested = tuple(
        PlaceDemand(
            place_id=index.ids[p],
            free_places=index.places[p].free_places,
            assigned=tuple(sorted(holders.get(p, []))),
            candidates=n,
        )
        for p, n in sorted(candidates.items(), key=lambda item: index.ids[item[0]])
        if n > index.places[p].free_places
    )
    return OverviewResult(
        engine_version=ENGINE_VERSION,
        policy_version=request.policy.version,
        reference_date=request.reference_date,
        objective=Objective(
            placed_children=len(fits),
            min_fit_milli=min(fits) if fits else None,
            total_fit_milli=sum(fits),
        ),
        children=tuple(sorted(outcomes, key=lambda o: o.child_id)),
        contested_places=contested,
        candidate_limit=request.candidate_limit,
    )
