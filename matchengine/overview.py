# SPDX-License-Identifier: MPL-2.0
"""Capacity overview: where several children compete for places, solved as three exact MILPs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matchengine.index import PlaceIndex
from matchengine.models import ChildProfile, OverviewRequest
from matchengine.outcome import overview_result
from matchengine.policy import Policy
from matchengine.relaxation import Graph, Relaxation, Stats, reduced, solve_scipy
from matchengine.results import OverviewResult

# The first restricted integer program takes the pairings whose reduced cost is within this
# share of the largest weight of the LP optimum; a setting for speed, never for the answer.
CORE_SHARE = 0.01
# Pairings priced in per unit and round: the most promising first (largest reduced cost, then
# best fit). A setting for speed, never for the answer.
PRICE_PER_ROUND = 2
# The most (pairing, slot) entries the matching that starts stage 3 may use (about 24 bytes
# each); above it stage 3 starts from the assignment as found. A setting for speed only.
IMPROVE_ENTRIES = 8_000_000


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
    chosen = np.zeros(len(graph), dtype=np.bool_)
    if not len(graph) or k <= 0:
        return chosen
    ids = index.id_rank[graph.place].astype(np.int64)
    # One int64 key (-total, then id; unique within a unit) partitions far faster than a
    # two-key sort; it is used only when it cannot overflow.
    low, high = int(graph.total.min()), int(graph.total.max())
    span_id = int(ids.max()) + 1
    key = (high - graph.total) * span_id + ids if (high - low + 1) * span_id < 2**62 else None
    ends = np.append(graph.starts[1:], len(graph))
    # A partial selection per unit: a few hundred pairings each, never one sort of them all.
    for lo, hi in zip(graph.starts.tolist(), ends.tolist(), strict=True):
        if hi - lo <= k:
            chosen[lo:hi] = True
        elif key is not None:
            chosen[lo + np.argpartition(key[lo:hi], k - 1)[:k]] = True
        else:
            chosen[lo + np.lexsort((ids[lo:hi], -graph.total[lo:hi]))[:k]] = True
    return chosen


def _best(
    graph: Graph,
    weight: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    start: npt.NDArray[np.bool_],
    stats: Stats,
    count: int | None = None,
    must: npt.NDArray[np.bool_] | None = None,
    known: npt.NDArray[np.bool_] | None = None,
    relaxation: Relaxation | None = None,
) -> npt.NDArray[np.bool_]:
    """Exact 0/1 maximum of the integer ``weight`` over the ``keep`` pairings.

    The problem is solved on the pairings in ``start`` (those in ``keep``) and proven optimal
    for all of ``keep`` by LP duality: with dual prices y (places), z (units), eta (the
    ``count`` row) any assignment x has weight(x) <= D + sum over its pairings of d_e, where
    D is the dual objective and d_e = w_e - s_e y_p - z_u - s_e eta the reduced cost. This
    holds for any prices with y, z >= 0, so it is computed here in exact terms from whatever
    prices the LP returned. Pairings with positive d_e are priced in (column generation)
    and clique cuts tighten the LP where sibling groups split it (their prices enter d_e).
    If the LP optimum is fractional, an integer program over a core of near-optimal
    pairings is solved (``_integral``); if the bound D + (the best d_e of each unit) leaves
    room above its value, every pairing that could still reach a better value is added and
    the integer program is solved again. Pairings left out provably cannot beat the answer.
    ``known`` is a feasible assignment among the ``start`` pairings, handed to HiGHS as a
    first incumbent for the restricted integer program. A ``relaxation`` left by an earlier
    solve with the same weight and rows is continued from its cuts, basis and columns in
    ``keep``. (Stage 3 starts a model of its own: continuing stage 1's costs more than it saves
    when stage 1 priced in many pairings.)
    """
    active = start & keep
    if relaxation is None:
        relaxation = Relaxation.create(graph, weight, count, must)
    else:
        relaxation.restrict(keep)
        active |= relaxation.added & keep
    for _ in range(20):
        cols = np.flatnonzero(active)
        if relaxation is not None:
            x, duals = relaxation.solve(cols, stats, known)
        else:
            x, duals = solve_scipy(graph, weight, cols, count, must, integral=False, stats=stats)
        d, bound, best_per_unit = reduced(graph, weight, keep, duals, count)
        priced = keep & ~active & (d > 1e-6)
        if not priced.any():
            # Every pairing is priced out: tighten the LP where sibling groups split it.
            if relaxation is not None and relaxation.separate(stats):
                continue
            break
        # At most a few new pairings per unit and round, the most promising first.
        idx = np.flatnonzero(priced)
        order = np.lexsort((-graph.total[idx], -d[idx], graph.unit[idx]))
        idx = idx[order]
        first = np.concatenate(([True], graph.unit[idx][1:] != graph.unit[idx][:-1]))
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(idx)), 0))
        active[idx[np.arange(len(idx)) - group_start < PRICE_PER_ROUND]] = True
    if np.all(np.minimum(x, 1.0 - x) < 1e-9):
        chosen = np.zeros(len(graph), dtype=np.bool_)
        chosen[cols[x > 0.5]] = True
        if bound < int(weight[chosen].sum()) + 1 - 1e-6:
            stats.certified += 1
            return chosen
        known = chosen
    # Any assignment using pairing e weighs at most bound - best(u) + d_e.
    slack = bound - best_per_unit[graph.unit] + d
    if relaxation is not None:
        support = np.zeros(len(graph), dtype=np.bool_)
        support[cols[x > 1e-9]] = True
        return _integral(
            graph, weight, keep, active, support, relaxation, slack, bound, known, stats
        )
    solution, _ = solve_scipy(graph, weight, cols, count, must, integral=True, stats=stats)
    value = int(weight[cols[solution > 0.5]].sum())
    if bound >= value + 1 - 1e-6:
        stats.widened += 1
        cols = np.flatnonzero(active | (slack >= value + 1 - 1e-6))
        solution, _ = solve_scipy(graph, weight, cols, count, must, integral=True, stats=stats)
    else:
        stats.certified += 1
    chosen = np.zeros(len(graph), dtype=np.bool_)
    chosen[cols[solution > 0.5]] = True
    return chosen


def _integral(
    graph: Graph,
    weight: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    active: npt.NDArray[np.bool_],
    support: npt.NDArray[np.bool_],
    relaxation: Relaxation,
    slack: npt.NDArray[np.float64],
    bound: float,
    known: npt.NDArray[np.bool_] | None,
    stats: Stats,
) -> npt.NDArray[np.bool_]:
    """The 0/1 optimum when the settled LP is fractional, grown out from a small core.

    An assignment better than a value V uses only pairings with ``slack`` >= V + 1. The
    integer program is first solved over the LP optimum's ``support`` (plus the pins and
    ``known``, so the core holds a feasible assignment), then over the ``active`` pairings
    with slack >= bound - tau for a growing tau. It stops as soon as no pairing outside the
    core could beat the value found; once tau reaches the gap, every pairing of ``keep``
    that could beat the value is added and the program solved a last time, as in ``_best``.
    """
    fixed = graph.pinned[graph.unit] & keep
    if known is not None:
        fixed = fixed | known
    core = fixed | support
    tau = CORE_SHARE * float(np.abs(weight[keep]).max(initial=1))
    grown: float | None = None  # the tau of the current core; None for the support alone
    incumbent = known
    while True:
        cols = np.flatnonzero(core)
        chosen = relaxation.restricted(cols).integral(cols, stats, incumbent)
        value = int(weight[chosen].sum())
        if bound < value + 1 - 1e-6:
            stats.certified += 1
            return chosen
        wider = slack >= value + 1 - 1e-6
        if not (wider & ~core).any():
            return chosen
        # Each core holds the last, so the last optimum is a valid start for the next.
        stats.widened += 1
        incumbent = chosen
        if grown is not None and grown >= bound - value:
            cols = np.flatnonzero(core | wider)
            return relaxation.restricted(cols).integral(cols, stats, incumbent)
        grown = min(tau, bound - value)
        near = slack >= bound - grown
        more = active & near
        # Pairings outside the LP come in too unless the LP is degenerate and they are many.
        if np.count_nonzero(near & ~active) <= np.count_nonzero(core | more):
            more = more | near
        core = core | more
        tau = max(4 * tau, 1.0)


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
    # Stages 1 and 2 share one LP model (each solve switches off the pairings it excludes).
    model = Relaxation.create(graph, graph.size, None, None)
    # An assignment at that threshold that places every such unit settles both stages with
    # no proof needed: no assignment places more, and no higher threshold keeps them all.
    quick = _assign(graph, keep)
    if int(graph.size[quick].sum()) == bound:
        stats.assigned += 1
        trial = quick
    else:
        trial = _best(graph, graph.size, keep, start & keep, stats, relaxation=model)
    if int(graph.size[trial].sum()) == bound:
        placed, threshold, second = bound, top, trial
    else:
        first = _best(graph, graph.size, everything, start, stats, relaxation=model)
        placed = int(graph.size[first].sum())
        if placed == 0:
            return chosen
        threshold, second = _best_floor(graph, first, placed, bound, start, stats, model)
    keep = graph.floor >= threshold
    # When every unit with a pairing is placed, "place exactly this many" is the same as
    # "place every such unit", which keeps the model a transportation problem.
    must = has if placed == bound else None
    second = _improve(graph, keep, second)
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


def _assign(graph: Graph, keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """A quick feasible assignment over the ``keep`` pairings, for a first answer only.

    Pinned units go first, then the units with the fewest usable pairings (larger groups
    first among equals); each takes its best total fit among the places that still have room
    for it. It places everyone far more often than a greedy by fit, and in a fraction of the
    time of an LP. It proves nothing by itself: it is used only where placing every unit
    that has a pairing needs no further proof, and as a first incumbent otherwise.
    """
    chosen = np.zeros(len(graph), dtype=np.bool_)
    if not len(graph):
        return chosen
    ends = np.append(graph.starts[1:], len(graph))
    degree = np.bincount(graph.unit[keep], minlength=len(graph.starts))
    units = np.flatnonzero(degree > 0)
    size = np.zeros(len(graph.starts), dtype=np.int64)
    size[graph.unit] = graph.size
    order = units[np.lexsort((-size[units], degree[units], ~graph.pinned[units]))]
    room = graph.free.copy()
    lowest = np.iinfo(np.int64).min
    for u in order.tolist():
        lo, hi = int(graph.starts[u]), int(ends[u])
        fits = keep[lo:hi] & (room[graph.place[lo:hi]] >= size[u])
        if not fits.any():
            continue
        j = lo + int(np.argmax(np.where(fits, graph.total[lo:hi], lowest)))
        chosen[j] = True
        room[graph.place[j]] -= size[u]
    return chosen


def _improve(
    graph: Graph, keep: npt.NDArray[np.bool_], chosen: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """The same units placed, the single children moved to their best total fit.

    Sibling groups and pins stay where ``chosen`` has them; the single children it places
    are assigned again, each to one free place, over all their ``keep`` pairings, as a
    minimum-cost full matching (SciPy's LAPJVsp; every place is as many slots as it has room
    left). ``chosen`` is one such matching, so one exists. The count and the threshold stay
    as they were, so the result is a better start for stage 3, which still proves its own
    optimum: this only saves simplex iterations.
    """
    n_u, n_p = len(graph.starts), len(graph.free)
    single = np.zeros(n_u, dtype=np.bool_)
    single[graph.unit[chosen]] = graph.size[chosen] == 1
    single &= ~graph.pinned
    if not single.any():
        return chosen
    fixed = chosen & ~single[graph.unit]
    used = np.bincount(graph.place[fixed], weights=graph.size[fixed], minlength=n_p)
    room = graph.free - used.astype(np.int64)
    pairs = np.flatnonzero(single[graph.unit] & keep & (room[graph.place] > 0))
    # A place never holds more of these children than can go there: no more slots than that.
    room = np.minimum(room, np.bincount(graph.place[pairs], minlength=n_p))
    # One entry per pairing and slot of its place; a start is not worth a huge matrix.
    slots = room[graph.place[pairs]]
    if int(slots.sum()) > IMPROVE_ENTRIES:
        return chosen
    pairs = np.repeat(pairs, slots)
    first_slot = np.cumsum(room) - room
    slot = (
        first_slot[graph.place[pairs]]
        + np.arange(len(pairs))
        - np.repeat(np.cumsum(slots) - slots, slots)
    )
    row = np.cumsum(single) - 1
    total = graph.total[pairs]
    cost = (int(total.max()) + 1 - total).astype(np.float64)  # positive: zeros are no edge
    matrix = csr_array(
        (cost, (row[graph.unit[pairs]], slot)), shape=(int(single.sum()), int(room.sum()))
    )
    try:
        rows, cols = min_weight_full_bipartite_matching(matrix)
    except ValueError:  # pragma: no cover - ``chosen`` is a full matching
        return chosen
    place_of_slot = np.repeat(np.arange(n_p), room)
    # Pairings are sorted by unit, then place, so (unit, place) finds its pairing.
    key = graph.unit * n_p + graph.place
    found = np.searchsorted(key, np.flatnonzero(single)[rows] * n_p + place_of_slot[cols])
    better = fixed.copy()
    better[found] = True
    return better


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
    model: Relaxation | None = None,
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
        picked = _best(
            graph, graph.size, keep, (start & keep) | first & keep, stats, relaxation=model
        )
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


# The candidate limit of the capacity overview page. Each stage starts from each unit's best
# pairings and is proven optimal over all of them (see ``solve``), so it sets only the time.
PAGE_CANDIDATE_LIMIT = 10


def page_overview(
    children: Sequence[ChildProfile],
    index: PlaceIndex,
    *,
    reference_date: date,
    policy: Policy,
    alternatives: int = 3,
) -> OverviewResult:
    """The overview exactly as the capacity overview page asks for it, and as ``make bench``
    times it: every place in the prebuilt ``index``, the fast exact path (a candidate limit
    with the proof that widens it when needed)."""
    request = OverviewRequest(
        reference_date=reference_date,
        children=tuple(children),
        places=index.places,
        policy=policy,
        alternatives=alternatives,
        candidate_limit=PAGE_CANDIDATE_LIMIT,
    )
    return overview(request, index)


def overview(request: OverviewRequest, index: PlaceIndex | None = None) -> OverviewResult:
    """Run the capacity overview. Advisory: §52 asks for the best place for each child."""
    if index is None or index.places != request.places:
        index = PlaceIndex(request.places)
    units = _units(request, index)
    chosen = solve(units, index, request.candidate_limit)
    return overview_result(request, index, units, chosen)
