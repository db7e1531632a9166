# SPDX-License-Identifier: MPL-2.0
"""Capacity overview: where several children compete for places, solved as three exact MILPs."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array

try:  # HiGHS as bundled with SciPy: lets column generation re-solve from the last basis.
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - private module; linprog is the fallback
    _highs = None

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
        unit.allowed = np.ones(len(unit.feasible), dtype=np.bool_)
        if blocked:
            unit.allowed &= ~np.isin(unit.feasible, np.fromiter(blocked, dtype=np.int64))
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


@dataclass(frozen=True)
class Graph:
    """Every usable (unit, place) pairing as arrays, sorted by unit."""

    unit: npt.NDArray[np.int64]
    place: npt.NDArray[np.int64]
    size: npt.NDArray[np.int64]
    total: npt.NDArray[np.int64]
    floor: npt.NDArray[np.int64]
    free: npt.NDArray[np.int64]
    pinned: npt.NDArray[np.bool_]
    starts: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.unit)


def _graph(units: list[Unit], index: PlaceIndex) -> Graph:
    """All allowed pairings whose place has room for the whole unit (pins keep only the pin)."""
    free = np.array([p.free_places for p in index.places], dtype=np.int64)
    parts: list[tuple[int, npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    for u, unit in enumerate(units):
        cols = np.flatnonzero(unit.allowed & (free[unit.feasible] >= unit.size))
        if unit.pinned is not None:
            cols = cols[unit.feasible[cols] == unit.pinned]
        parts.append((u, cols, unit.feasible[cols]))
    counts = np.array([len(c) for _, c, _ in parts], dtype=np.int64)
    unit_of = np.repeat(np.arange(len(units), dtype=np.int64), counts)
    sizes = np.array([unit.size for unit in units], dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    total = [units[u].fits[:, c].sum(axis=0) for u, c, _ in parts]
    floor = [units[u].fits[:, c].min(axis=0) if len(c) else empty for u, c, _ in parts]
    return Graph(
        unit=unit_of,
        place=np.concatenate([pl for _, _, pl in parts]) if parts else empty,
        size=sizes[unit_of],
        total=np.concatenate(total).astype(np.int64) if parts else empty,
        floor=np.concatenate(floor).astype(np.int64) if parts else empty,
        free=free,
        pinned=np.array([unit.pinned is not None for unit in units], dtype=np.bool_),
        starts=np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64),
    )


def _top_k(graph: Graph, index: PlaceIndex, k: int) -> npt.NDArray[np.bool_]:
    """Each unit's best ``k`` pairings by total fit, exact ties by place id."""
    ids = index.id_rank[graph.place].astype(np.int64)
    order = None
    if len(graph):
        # One int64 key (unit, then -total, then id) sorts far faster than a three-key
        # lexsort; it is used only when it cannot overflow.
        low, high = int(graph.total.min()), int(graph.total.max())
        span_total, span_id = high - low + 1, int(ids.max()) + 1
        if len(graph.starts) * span_total * span_id < 2**62:
            key = (graph.unit * span_total + (high - graph.total)) * span_id + ids
            order = np.argsort(key, kind="stable")
    if order is None:
        order = np.lexsort((ids, -graph.total, graph.unit))
    rank = np.empty(len(graph), dtype=np.int64)
    rank[order] = np.arange(len(graph)) - graph.starts[graph.unit[order]]
    return rank < k


@dataclass
class Stats:
    """How the exact answer was reached, for the benchmark and the tests."""

    linear_programs: int = 0
    integer_programs: int = 0
    certified: int = 0
    widened: int = 0
    columns: int = 0


def _best(
    graph: Graph,
    weight: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    start: npt.NDArray[np.bool_],
    stats: Stats,
    count: int | None = None,
    must: npt.NDArray[np.bool_] | None = None,
    known: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.bool_]:
    """Exact 0/1 maximum of the integer ``weight`` over the ``keep`` pairings.

    The problem is solved on the pairings in ``start`` (those in ``keep``) and proven optimal
    for all of ``keep`` by LP duality: with dual prices y (places), z (units), eta (the
    ``count`` row) any assignment x has weight(x) <= D + sum over its pairings of d_e, where
    D is the dual objective and d_e = w_e - s_e y_p - z_u - s_e eta the reduced cost. This
    holds for any prices with y, z >= 0, so it is computed here in exact terms from whatever
    prices the LP returned. Pairings with positive d_e are priced in (column generation);
    then, if the bound D + (the best d_e of each unit) leaves room above the integer optimum
    found, every pairing that could still reach a better value is added and the integer
    program is solved once more. Pairings left out provably cannot beat the answer.
    ``known`` is a feasible assignment among the ``start`` pairings, handed to HiGHS as a
    first incumbent for the restricted integer program.
    """
    active = start & keep
    n_units = len(graph.starts)
    nonempty = np.zeros(n_units, dtype=np.bool_)
    nonempty[graph.unit[keep]] = True
    relaxation = _Relaxation.create(graph, weight, count, must)
    for _ in range(20):
        cols = np.flatnonzero(active)
        if relaxation is not None:
            x, duals = relaxation.solve(cols, stats)
        else:
            x, duals = _solve(graph, weight, cols, count, must, integral=False, stats=stats)
        d, bound, best_per_unit = _reduced(graph, weight, keep, duals, count)
        priced = keep & ~active & (d > 1e-6)
        if not priced.any():
            break
        # At most a few new pairings per unit and round, the most promising first.
        idx = np.flatnonzero(priced)
        order = np.lexsort((-d[idx], graph.unit[idx]))
        idx = idx[order]
        first = np.concatenate(([True], graph.unit[idx][1:] != graph.unit[idx][:-1]))
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(idx)), 0))
        active[idx[np.arange(len(idx)) - group_start < 20]] = True
    if np.all(np.minimum(x, 1.0 - x) < 1e-9):
        picked = x > 0.5
    elif relaxation is not None:
        picked = relaxation.integral(cols, stats, known)[cols]
    else:
        solution, _ = _solve(graph, weight, cols, count, must, integral=True, stats=stats)
        picked = solution > 0.5
    value = int(weight[cols[picked]].sum())
    if bound < value + 1 - 1e-6:
        stats.certified += 1
        chosen = np.zeros(len(graph), dtype=np.bool_)
        chosen[cols[picked]] = True
        return chosen
    # Any assignment using pairing e weighs at most bound - best(u) + d_e.
    cols_before = cols
    slack = bound - best_per_unit[graph.unit] + d
    wider = active | (keep & (slack >= value + 1 - 1e-6))
    stats.widened += 1
    cols = np.flatnonzero(wider)
    if relaxation is not None:
        incumbent = np.zeros(len(graph), dtype=np.bool_)
        incumbent[cols_before[picked]] = True
        return relaxation.integral(cols, stats, incumbent)
    solution, _ = _solve(graph, weight, cols, count, must, integral=True, stats=stats)
    chosen = np.zeros(len(graph), dtype=np.bool_)
    chosen[cols[solution > 0.5]] = True
    return chosen


def _solve(
    graph: Graph,
    weight: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    count: int | None,
    must: npt.NDArray[np.bool_] | None,
    *,
    integral: bool,
    stats: Stats,
) -> tuple[npt.NDArray[np.float64], _Duals]:
    """The LP relaxation (with dual prices) or the integer program over ``cols``."""
    m = len(cols)
    stats.columns = max(stats.columns, m)
    places, place_row = np.unique(graph.place[cols], return_inverse=True)
    units, unit_row = np.unique(graph.unit[cols], return_inverse=True)
    pinned = graph.pinned[units] if must is None else graph.pinned[units] | must[units]
    size = graph.size[cols].astype(np.float64)
    n_p, n_u = len(places), len(units)
    data = np.concatenate([size, np.ones(m)] + ([size] if count is not None else []))
    columns = np.concatenate([np.arange(m)] * (3 if count is not None else 2))
    n_rows = n_p + n_u + (1 if count is not None else 0)
    rows = np.concatenate(
        [place_row, n_p + unit_row] + ([np.full(m, n_p + n_u)] if count is not None else [])
    )
    matrix = csr_array((data, (rows, columns)), shape=(n_rows, m))
    low = np.concatenate(
        [np.zeros(n_p), pinned.astype(np.float64)] + ([[float(count)]] if count is not None else [])
    )
    high = np.concatenate(
        [graph.free[places].astype(np.float64), np.ones(n_u)]
        + ([[float(count)]] if count is not None else [])
    )
    c = -weight[cols].astype(np.float64)
    if integral:
        stats.integer_programs += 1
        result = milp(
            c,
            constraints=LinearConstraint(matrix, low, high),
            integrality=np.ones(m),
            bounds=Bounds(np.zeros(m), np.ones(m)),
            options={"mip_rel_gap": 0.0},
        )
        if result.x is None:
            raise RuntimeError(f"overview model could not be solved: {result.message}")
        return np.asarray(result.x), _Duals.none()
    stats.linear_programs += 1
    # Inequality rows as A x <= b; pinned unit rows and the count row as equalities.
    is_eq = low == high
    ub_rows = np.flatnonzero(~is_eq)
    eq_rows = np.flatnonzero(is_eq)
    result = linprog(
        c,
        A_ub=matrix[ub_rows] if len(ub_rows) else None,
        b_ub=high[ub_rows] if len(ub_rows) else None,
        A_eq=matrix[eq_rows] if len(eq_rows) else None,
        b_eq=high[eq_rows] if len(eq_rows) else None,
        bounds=(0, None),
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"overview model could not be solved: {result.message}")
    price = np.zeros(n_rows)
    if len(ub_rows):
        # linprog minimises -weight: its marginals are the negated prices, which must be >= 0.
        price[ub_rows] = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    if len(eq_rows):
        price[eq_rows] = -np.asarray(result.eqlin.marginals)
    y = np.zeros(len(graph.free))
    y[places] = price[:n_p]
    z = np.zeros(len(graph.pinned))
    z[units] = price[n_p : n_p + n_u]
    eta = float(price[-1]) if count is not None else 0.0
    return np.asarray(result.x), _Duals(y, z, eta)


class _Relaxation:
    """The LP relaxation kept in one HiGHS instance, so each pricing round adds columns and
    re-solves from the previous basis instead of from scratch. Same model and prices as
    ``_solve``; ``create`` gives None when SciPy's bundled HiGHS is unavailable."""

    def __init__(
        self,
        graph: Graph,
        weight: npt.NDArray[np.int64],
        count: int | None,
        must: npt.NDArray[np.bool_] | None,
    ) -> None:
        assert _highs is not None
        self.graph, self.weight, self.count = graph, weight, count
        self.n_p, self.n_u = len(graph.free), len(graph.pinned)
        self.required = graph.pinned if must is None else graph.pinned | must
        self.has = np.zeros(self.n_u, dtype=np.bool_)
        self.added = np.zeros(len(graph), dtype=np.bool_)
        self.order = np.zeros(0, dtype=np.int64)
        h = _highs._Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
        inf = h.getInfinity()
        n_rows = self.n_p + self.n_u + (1 if count is not None else 0)
        low = np.full(n_rows, -inf)
        high = np.concatenate([graph.free.astype(np.float64), np.ones(self.n_u)])
        if count is not None:
            low[-1] = count
            high = np.append(high, float(count))
        empty = np.zeros(0, np.int32)
        h.addRows(n_rows, low, high, 0, np.zeros(n_rows, np.int32), empty, np.zeros(0))
        self.h = h

    @staticmethod
    def create(
        graph: Graph,
        weight: npt.NDArray[np.int64],
        count: int | None,
        must: npt.NDArray[np.bool_] | None,
    ) -> _Relaxation | None:
        return None if _highs is None else _Relaxation(graph, weight, count, must)

    def integral(
        self,
        cols: npt.NDArray[np.int64],
        stats: Stats,
        incumbent: npt.NDArray[np.bool_] | None = None,
    ) -> npt.NDArray[np.bool_]:
        """The 0/1 optimum over ``cols`` (every column added so far must be among them)."""
        h = self.h
        self._add(cols)
        assert np.array_equal(np.sort(self.order), np.sort(cols))
        n = len(self.order)
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
        h.changeColsBounds(n, np.arange(n, dtype=np.int32), np.zeros(n), np.ones(n))
        h.setOptionValue("mip_rel_gap", 0.0)
        if incumbent is not None:
            start = _highs.HighsSolution()
            start.col_value = incumbent[self.order].astype(np.float64)
            start.value_valid = True
            h.setSolution(start)
        stats.integer_programs += 1
        stats.columns = max(stats.columns, n)
        h.run()
        if h.getModelStatus() != _highs.HighsModelStatus.kOptimal:
            raise RuntimeError("overview model could not be solved: " + str(h.getModelStatus()))
        chosen = np.zeros(len(self.graph), dtype=np.bool_)
        chosen[self.order[np.asarray(h.getSolution().col_value) > 0.5]] = True
        return chosen

    def solve(
        self, cols: npt.NDArray[np.int64], stats: Stats
    ) -> tuple[npt.NDArray[np.float64], _Duals]:
        h = self.h
        self._add(cols)
        stats.linear_programs += 1
        stats.columns = max(stats.columns, len(self.order))
        h.run()
        if h.getModelStatus() != _highs.HighsModelStatus.kOptimal:
            raise RuntimeError("overview model could not be solved: " + str(h.getModelStatus()))
        return self._read(cols)

    def _add(self, cols: npt.NDArray[np.int64]) -> None:
        graph, h = self.graph, self.h
        new = cols[~self.added[cols]]
        if len(new):
            self.added[new] = True
            self.order = np.concatenate([self.order, new])
            size = graph.size[new].astype(np.float64)
            per = 3 if self.count is not None else 2
            index = [graph.place[new], self.n_p + graph.unit[new]]
            values = [size, np.ones(len(new))]
            if self.count is not None:
                index.append(np.full(len(new), self.n_p + self.n_u))
                values.append(size)
            h.addCols(
                len(new),
                -self.weight[new].astype(np.float64),
                np.zeros(len(new)),
                np.full(len(new), h.getInfinity()),
                per * len(new),
                (per * np.arange(len(new))).astype(np.int32),
                np.stack(index, axis=1).ravel().astype(np.int32),
                np.stack(values, axis=1).ravel(),
            )
            # A unit that must be placed is held to it once it has a pairing in the model.
            fresh = np.unique(graph.unit[new])
            fresh = fresh[~self.has[fresh]]
            self.has[fresh] = True
            for u in fresh[self.required[fresh]].tolist():
                h.changeRowBounds(self.n_p + u, 1.0, 1.0)

    def _read(self, cols: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], _Duals]:
        graph, h = self.graph, self.h
        solution = h.getSolution()
        value = np.zeros(len(graph))
        value[self.order] = np.asarray(solution.col_value)
        # HiGHS minimises -weight: its row duals are the negated prices.
        price = -np.asarray(solution.row_dual)
        fixed = np.zeros(len(price), dtype=np.bool_)
        fixed[self.n_p : self.n_p + self.n_u] = self.required & self.has
        if self.count is not None:
            fixed[-1] = True
        price = np.where(fixed, price, np.maximum(price, 0.0))
        y = price[: self.n_p]
        z = price[self.n_p : self.n_p + self.n_u]
        eta = float(price[-1]) if self.count is not None else 0.0
        return value[cols], _Duals(y, z, eta)


@dataclass(frozen=True)
class _Duals:
    y: npt.NDArray[np.float64]
    z: npt.NDArray[np.float64]
    eta: float

    @staticmethod
    def none() -> _Duals:
        return _Duals(np.zeros(0), np.zeros(0), 0.0)


def _reduced(
    graph: Graph,
    weight: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    duals: _Duals,
    count: int | None,
) -> tuple[npt.NDArray[np.float64], float, npt.NDArray[np.float64]]:
    """Reduced costs, the weak-duality bound and each unit's best positive reduced cost."""
    y, z, eta = duals.y, duals.z, duals.eta
    size = graph.size.astype(np.float64)
    d = weight.astype(np.float64) - size * y[graph.place] - z[graph.unit] - size * eta
    d = np.where(keep, d, -np.inf)
    best = np.zeros(len(graph.starts))
    has = np.diff(np.append(graph.starts, len(graph))) > 0
    if len(graph):
        best[has] = np.maximum.reduceat(d, graph.starts[has])
    best = np.maximum(best, 0.0)
    dual_value = float(graph.free.astype(np.float64) @ y) + float(z.sum())
    if count is not None:
        dual_value += count * eta
    return d, dual_value + float(best.sum()), best


def solve(
    units: list[Unit], index: PlaceIndex, limit: int | None, stats: Stats | None = None
) -> list[int | None]:
    """Lexicographic optimum: most children placed, then best lowest fit, then best total.

    Without ``limit`` every stage is solved over all pairings. With it, each stage starts
    from each unit's best ``limit`` pairings and is proven optimal over all of them (see
    ``_best``), so the answer is the same exact optimum.
    """
    stats = stats if stats is not None else Stats()
    graph = _graph(units, index)
    chosen: list[int | None] = [None] * len(units)
    if not len(graph):
        return chosen
    everything = np.ones(len(graph), dtype=np.bool_)
    start = everything if limit is None else _top_k(graph, index, limit) | graph.pinned[graph.unit]
    has = np.diff(np.append(graph.starts, len(graph))) > 0
    bound = int(graph.size[graph.starts[has]].sum())
    # No assignment places more than every unit that has a pairing; if one does at the best
    # threshold any such assignment could have, stages 1 and 2 are settled together.
    top = _floor_cap(graph, has, everyone=True)
    keep = graph.floor >= top
    trial = _best(graph, graph.size, keep, start & keep, stats)
    if int(graph.size[trial].sum()) == bound:
        placed, threshold, second = bound, top, trial
    else:
        first = _best(graph, graph.size, everything, start, stats)
        placed = int(graph.size[first].sum())
        if placed == 0:
            return chosen
        threshold, second = _best_floor(graph, first, placed, bound, start, stats)
    keep = graph.floor >= threshold
    # When every unit with a pairing is placed, "place exactly this many" is the same as
    # "place every such unit", which keeps the model a transportation problem.
    must = has if placed == bound else None
    third = _best(
        graph,
        graph.total,
        keep,
        (start & keep) | second,
        stats,
        count=None if must is not None else placed,
        must=must,
        known=second,
    )
    for j in np.flatnonzero(third).tolist():
        chosen[int(graph.unit[j])] = int(graph.place[j])
    return chosen


def _floor_cap(graph: Graph, has: npt.NDArray[np.bool_], *, everyone: bool) -> int:
    """No threshold above this keeps the pins (and, with ``everyone``, every unit) placeable."""
    top = (
        int(np.maximum.reduceat(graph.floor, graph.starts[has]).min())
        if everyone
        else int(graph.floor.max())
    )
    pins = graph.pinned[graph.unit]
    if pins.any():
        # A pin holds at any threshold only while its pairing's floor reaches it.
        top = min(top, int(graph.floor[pins].min()))
    return top


def _best_floor(
    graph: Graph,
    first: npt.NDArray[np.bool_],
    placed: int,
    bound: int,
    start: npt.NDArray[np.bool_],
    stats: Stats,
) -> tuple[int, npt.NDArray[np.bool_]]:
    """Stage 2: the highest lowest-child fit that still places ``placed`` children.

    A pairing's floor is its lowest member fit. ``placed`` children fit above a threshold
    exactly when the stage-1 optimum over pairings with floor >= threshold still reaches
    ``placed``, which is monotone in the threshold, so the threshold is searched over the
    floors. When every unit that has a pairing is placed, no threshold can pass the lowest
    of the units' best floors, which is tried first.
    """
    low = int(graph.floor[first].min())
    has = np.diff(np.append(graph.starts, len(graph))) > 0
    top = _floor_cap(graph, has, everyone=placed == bound)
    values = np.unique(graph.floor[(graph.floor > low) & (graph.floor <= top)])
    best = first

    def reaches(t: int) -> npt.NDArray[np.bool_] | None:
        keep = graph.floor >= t
        picked = _best(graph, graph.size, keep, (start & keep) | first & keep, stats)
        return picked if int(graph.size[picked].sum()) == placed else None

    if not len(values):
        return low, best
    found = reaches(int(values[-1]))
    if found is not None:
        return int(values[-1]), found
    lo, hi = -1, len(values) - 1  # values[hi] fails; lo is the last known to pass (-1: low)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        found = reaches(int(values[mid]))
        if found is None:
            hi = mid
        else:
            lo, best = mid, found
    return (low if lo < 0 else int(values[lo])), best


def _fits_at(unit: Unit, place: int) -> list[int]:
    column = int(np.flatnonzero(unit.feasible == place)[0])
    return [int(v) for v in unit.fits[:, column]]


def overview(request: OverviewRequest, index: PlaceIndex | None = None) -> OverviewResult:
    """Run the capacity overview. Advisory: §52 asks for the best place for each child."""
    if index is None or index.places != request.places:
        index = PlaceIndex(request.places)
    units = _units(request, index)
    chosen = solve(units, index, request.candidate_limit)
    return _result(request, index, units, chosen)


def _result(
    request: OverviewRequest,
    index: PlaceIndex,
    units: list[Unit],
    chosen: list[int | None],
) -> OverviewResult:
    holders: dict[int, list[str]] = {}
    for unit, place in zip(units, chosen, strict=True):
        if place is not None:
            holders.setdefault(place, []).extend(c.id for c in unit.children)
    # Children who could take each place, summed over every unit's allowed places at once.
    allowed = [unit.feasible[unit.allowed] for unit in units]
    demand = np.bincount(
        np.concatenate(allowed) if allowed else np.zeros(0, dtype=np.int64),
        weights=np.repeat([float(unit.size) for unit in units], [len(a) for a in allowed]),
        minlength=len(index),
    ).astype(np.int64)
    candidates = {int(p): int(demand[p]) for p in np.flatnonzero(demand).tolist()}
    outcomes: list[ChildOutcome] = []
    fits: list[int] = []
    for unit, place in zip(units, chosen, strict=True):
        for row, child in enumerate(unit.children):
            score = None
            if place is not None:
                score = int(unit.fits[row, int(np.flatnonzero(unit.feasible == place)[0])])
                fits.append(score)
            order = index.order(unit.feasible, unit.fits[row])
            # unit.feasible is sorted, so a place's column is found by bisection.
            position = np.searchsorted(unit.feasible, order)
            shown = unit.allowed[position] & (order != (-1 if place is None else place))
            picks = np.flatnonzero(shown)[: request.alternatives]
            alternatives = tuple(
                Alternative(
                    place_id=index.ids[p],
                    score_milli=int(unit.fits[row, k]),
                    taken_by=tuple(sorted(holders.get(p, []))),
                )
                for p, k in zip(order[picks].tolist(), position[picks].tolist(), strict=True)
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
