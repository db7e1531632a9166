# SPDX-License-Identifier: MPL-2.0
"""The overview's LP relaxation, its clique cuts and dual prices, in warm-started HiGHS."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array

from matchengine.cuts import Cuts, violated

try:  # HiGHS as bundled with SciPy: lets column generation re-solve from the last basis.
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - private module; linprog is the fallback
    _highs = None


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


@dataclass
class Stats:
    """How the exact answer was reached, for the benchmark and the tests."""

    linear_programs: int = 0
    integer_programs: int = 0
    certified: int = 0
    widened: int = 0
    columns: int = 0
    cuts: int = 0
    assigned: int = 0  # stages settled by a quick assignment that places everyone


def solve_scipy(
    graph: Graph,
    weight: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    count: int | None,
    must: npt.NDArray[np.bool_] | None,
    *,
    integral: bool,
    stats: Stats,
) -> tuple[npt.NDArray[np.float64], Duals]:
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
        return np.asarray(result.x), Duals.none()
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
    return np.asarray(result.x), Duals(y, z, eta)


class Relaxation:
    """The LP relaxation kept in one HiGHS instance, so each pricing round adds columns (and
    each separation round cut rows) and re-solves from the previous basis instead of from
    scratch. The model and prices of ``solve_scipy`` plus the cuts; ``create`` gives None when
    SciPy's bundled HiGHS is unavailable."""

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
        self.must = must
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
        self.n_base = n_rows
        self.cuts = Cuts.none()
        # The last LP point over ``order``, and whether only new or re-enabled columns came
        # since: the basis is then still feasible and near optimal, so primal simplex goes on
        # from it; after cuts or switched-off columns dual simplex does.
        self.x = np.zeros(0)
        self.primal = False

    @staticmethod
    def create(
        graph: Graph,
        weight: npt.NDArray[np.int64],
        count: int | None,
        must: npt.NDArray[np.bool_] | None,
    ) -> Relaxation | None:
        return None if _highs is None else Relaxation(graph, weight, count, must)

    def restrict(self, keep: npt.NDArray[np.bool_]) -> None:
        """Switch off (upper bound 0) the model's columns outside ``keep``, the rest on."""
        n = len(self.order)
        on = keep[self.order]
        high = np.where(on, self.h.getInfinity(), 0.0)
        self.h.changeColsBounds(n, np.arange(n, dtype=np.int32), np.zeros(n), high)
        if np.any(self._last()[~on] > 0):
            self.primal = False

    def _last(self) -> npt.NDArray[np.float64]:
        """The last LP point over ``order``; columns added since are at zero."""
        return np.concatenate([self.x, np.zeros(len(self.order) - len(self.x))])

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
        if not n:  # HiGHS reports an empty model, not an optimum: nothing to place.
            return np.zeros(len(self.graph), dtype=np.bool_)
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
        self,
        cols: npt.NDArray[np.int64],
        stats: Stats,
        known: npt.NDArray[np.bool_] | None = None,
    ) -> tuple[npt.NDArray[np.float64], Duals]:
        """The LP over the model's columns. On the model's first solve, a feasible assignment
        ``known`` among ``cols`` gives the starting basis, so primal simplex goes on from it
        instead of searching for a feasible point first."""
        h = self.h
        first = not len(self.order)
        self._add(cols)
        if first and known is not None and not len(self.cuts):
            self._start_from(known)
        stats.linear_programs += 1
        stats.columns = max(stats.columns, len(self.order))
        h.setOptionValue("simplex_strategy", 4 if self.primal else 1)  # primal : dual
        h.run()
        if h.getModelStatus() != _highs.HighsModelStatus.kOptimal:
            raise RuntimeError("overview model could not be solved: " + str(h.getModelStatus()))
        self.primal = True
        return self._read(cols)

    def _start_from(self, known: npt.NDArray[np.bool_]) -> None:
        """The basis of an assignment: its pairings basic, and the slacks of every place row,
        of the unit rows it leaves unplaced and of the count row. The chosen pairings are the
        only basic columns in their units' rows, so the basis is regular, and it is feasible."""
        chosen = known[self.order]
        if not chosen.any():
            return
        n = len(self.order)
        basic, lower, upper = (
            _highs.HighsBasisStatus.kBasic,
            _highs.HighsBasisStatus.kLower,
            _highs.HighsBasisStatus.kUpper,
        )
        placed = np.zeros(self.n_u, dtype=np.bool_)
        placed[self.graph.unit[self.order[chosen]]] = True
        basis = _highs.HighsBasis()
        basis.col_status = [basic if c else lower for c in chosen.tolist()]
        rows = [basic] * self.n_p + [upper if p else basic for p in placed.tolist()]
        if self.count is not None:
            rows.append(basic)
        basis.row_status = rows
        basis.valid = True
        if self.h.setBasis(basis) == _highs.HighsStatus.kOk and n:
            self.primal = True

    def separate(self, stats: Stats) -> bool:
        """Add the clique cuts the last LP point breaks; False when there are none."""
        x = np.asarray(self.h.getSolution().col_value)
        new = violated(self.graph, self.order, x, self.cuts)
        if not len(new):
            return False
        self._add_cuts(new)
        self.primal = False
        stats.cuts += len(new)
        return True

    def restricted(self, cols: npt.NDArray[np.int64]) -> Relaxation:
        """A new model over ``cols`` alone, with the same rows and cuts."""
        other = Relaxation(self.graph, self.weight, self.count, self.must)
        if len(cols) < self.n_base:
            # Presolve drops the many rows of places and units a small program does not use.
            other.h.setOptionValue("presolve", "on")
        other._add(cols)
        other._add_cuts(self.cuts)
        return other

    def _add_cuts(self, new: Cuts) -> None:
        k, pos = new.members(self.graph, self.order)
        order = np.argsort(k, kind="stable")
        starts = np.searchsorted(k[order], np.arange(len(new)))
        inf = self.h.getInfinity()
        self.h.addRows(
            len(new),
            np.full(len(new), -inf),
            np.ones(len(new)),
            len(k),
            starts.astype(np.int32),
            pos[order].astype(np.int32),
            np.ones(len(k)),
        )
        self.cuts = self.cuts + new

    def _add(self, cols: npt.NDArray[np.int64]) -> None:
        graph, h = self.graph, self.h
        new = cols[~self.added[cols]]
        if len(new):
            self.added[new] = True
            self.order = np.concatenate([self.order, new])
            size = graph.size[new].astype(np.float64)
            col = np.arange(len(new), dtype=np.int64)
            index = [graph.place[new], self.n_p + graph.unit[new]]
            values = [size, np.ones(len(new))]
            cols_of = [col, col]
            if self.count is not None:
                index.append(np.full(len(new), self.n_p + self.n_u))
                values.append(size)
                cols_of.append(col)
            k, pos = self.cuts.members(graph, new)
            index.append(self.n_base + k)
            values.append(np.ones(len(k)))
            cols_of.append(pos)
            by_col = np.concatenate(cols_of)
            order = np.argsort(by_col, kind="stable")
            starts = np.searchsorted(by_col[order], col)
            h.addCols(
                len(new),
                -self.weight[new].astype(np.float64),
                np.zeros(len(new)),
                np.full(len(new), h.getInfinity()),
                len(order),
                starts.astype(np.int32),
                np.concatenate(index)[order].astype(np.int32),
                np.concatenate(values)[order],
            )
            # A unit that must be placed is held to it once it has a pairing in the model.
            fresh = np.unique(graph.unit[new])
            fresh = fresh[~self.has[fresh]]
            self.has[fresh] = True
            for u in fresh[self.required[fresh]].tolist():
                h.changeRowBounds(self.n_p + u, 1.0, 1.0)

    def _read(self, cols: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], Duals]:
        graph, h = self.graph, self.h
        solution = h.getSolution()
        self.x = np.asarray(solution.col_value)
        value = np.zeros(len(graph))
        value[self.order] = self.x
        # HiGHS minimises -weight: its row duals are the negated prices.
        price = -np.asarray(solution.row_dual)
        fixed = np.zeros(len(price), dtype=np.bool_)
        fixed[self.n_p : self.n_p + self.n_u] = self.required & self.has
        if self.count is not None:
            fixed[self.n_base - 1] = True
        price = np.where(fixed, price, np.maximum(price, 0.0))
        y = price[: self.n_p]
        z = price[self.n_p : self.n_p + self.n_u]
        eta = float(price[self.n_base - 1]) if self.count is not None else 0.0
        return value[cols], Duals(y, z, eta, price[self.n_base :], self.cuts)


@dataclass(frozen=True)
class Duals:
    """Prices of the place rows (y), unit rows (z), the count row (eta) and cut rows."""

    y: npt.NDArray[np.float64]
    z: npt.NDArray[np.float64]
    eta: float
    gamma: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    cuts: Cuts = field(default_factory=Cuts.none)

    @staticmethod
    def none() -> Duals:
        return Duals(np.zeros(0), np.zeros(0), 0.0)


def reduced(
    graph: Graph,
    weight: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    duals: Duals,
    count: int | None,
) -> tuple[npt.NDArray[np.float64], float, npt.NDArray[np.float64]]:
    """Reduced costs, the weak-duality bound and each unit's best positive reduced cost."""
    y, z, eta = duals.y, duals.z, duals.eta
    size = graph.size.astype(np.float64)
    d = weight.astype(np.float64) - size * y[graph.place] - z[graph.unit] - size * eta
    priced = duals.gamma > 0
    if priced.any():
        k, e = duals.cuts[priced].members(graph, np.arange(len(graph), dtype=np.int64))
        d -= np.bincount(e, weights=duals.gamma[priced][k], minlength=len(graph))
    d = np.where(keep, d, -np.inf)
    best = np.zeros(len(graph.starts))
    has = np.diff(np.append(graph.starts, len(graph))) > 0
    if len(graph):
        best[has] = np.maximum.reduceat(d, graph.starts[has])
    best = np.maximum(best, 0.0)
    dual_value = float(graph.free.astype(np.float64) @ y) + float(z.sum())
    if count is not None:
        dual_value += count * eta
    dual_value += float(duals.gamma[priced].sum())
    return d, dual_value + float(best.sum()), best
