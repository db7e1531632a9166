# SPDX-License-Identifier: MPL-2.0
"""Cuts, prices and restricted integer programs: each keeps the overview's proof valid."""

import itertools
import random
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchengine import overview as overview_module
from matchengine.cuts import Cuts, violated
from matchengine.index import PlaceIndex
from matchengine.overview import _graph, _integral, _units
from matchengine.relaxation import Duals, Graph, Relaxation, Stats, reduced
from matchengine.tests.test_overview import small_request


def small_graph(seed):
    request = small_request(seed, 6, 5)
    index = PlaceIndex(request.places)
    return _graph(_units(request, index), index)


def assignments(graph):
    """Every 0/1 assignment that keeps each place within its free places."""
    ends = np.append(graph.starts[1:], len(graph))
    options = [[None, *range(s, e)] for s, e in zip(graph.starts, ends, strict=True)]
    for choice in itertools.product(*options):
        picked = np.array([e for e in choice if e is not None], dtype=np.int64)
        load = np.bincount(
            graph.place[picked], weights=graph.size[picked], minlength=len(graph.free)
        )
        if np.all(load <= graph.free):
            yield picked


def random_cuts(graph, rng):
    x = np.array([rng.random() for _ in range(len(graph))])
    return violated(graph, np.arange(len(graph), dtype=np.int64), x, Cuts.none())


@given(st.integers(0, 2**32 - 1))
def test_cuts_hold_for_every_assignment(seed):
    graph = small_graph(seed)
    cuts = random_cuts(graph, random.Random(seed))
    everything = np.arange(len(graph), dtype=np.int64)
    cut, pos = cuts.members(graph, everything)
    for k in range(len(cuts)):
        # No two members fit the place together (a unit has at most one pairing there).
        members = everything[pos[cut == k]]
        assert np.all(graph.place[members] == cuts.place[k])
        sizes = np.sort(graph.size[members])
        if len(sizes) > 1:
            assert sizes[0] + sizes[1] > graph.free[cuts.place[k]]
    for picked in assignments(graph):
        cut, _ = cuts.members(graph, picked)
        assert np.bincount(cut, minlength=len(cuts)).max(initial=0) <= 1


@given(st.integers(0, 2**32 - 1))
def test_any_non_negative_prices_with_cuts_bound_every_assignment(seed):
    rng = random.Random(seed)
    graph = small_graph(seed)
    cuts = random_cuts(graph, rng)
    duals = Duals(
        y=np.array([rng.choice((0.0, rng.random() * 50_000)) for _ in graph.free]),
        z=np.array([rng.choice((0.0, rng.random() * 50_000)) for _ in graph.starts]),
        eta=0.0,
        gamma=np.array([rng.random() * 50_000 for _ in range(len(cuts))]),
        cuts=cuts,
    )
    keep = np.ones(len(graph), dtype=np.bool_)
    d, bound, best = reduced(graph, graph.total, keep, duals, None)
    dual_value = bound - best.sum()
    for picked in assignments(graph):
        value = graph.total[picked].sum()
        assert value <= dual_value + d[picked].sum() + 1e-6
        assert value <= bound + 1e-6


def split_group():
    """A pair of siblings (unit 0) and two single children (units 1, 2); two places of two."""
    return Graph(
        unit=np.array([0, 0, 1, 2]),
        place=np.array([0, 1, 0, 1]),
        size=np.array([2, 2, 1, 1]),
        total=np.array([10, 10, 6, 6]),
        floor=np.array([5, 5, 6, 6]),
        free=np.array([2, 2]),
        pinned=np.zeros(3, dtype=np.bool_),
        starts=np.array([0, 2, 3]),
    )


def test_a_sibling_group_split_over_two_places_is_cut_off():
    graph = split_group()
    cols = np.arange(4, dtype=np.int64)
    cuts = violated(graph, cols, np.array([0.5, 0.5, 1.0, 1.0]), Cuts.none())
    found = set(zip(cuts.place.tolist(), cuts.above.tolist(), cuts.own.tolist(), strict=True))
    assert found == {(0, 1, 2), (1, 1, 3)}
    assert not len(violated(graph, cols, np.array([1.0, 0.0, 0.0, 1.0]), Cuts.none()))


def test_the_cut_relaxation_reaches_the_integer_optimum():
    graph = split_group()
    relaxation = Relaxation.create(graph, graph.total, None, None)
    if relaxation is None:  # pragma: no cover - SciPy without its bundled HiGHS module
        return
    stats = Stats()
    cols = np.arange(4, dtype=np.int64)
    x, duals = relaxation.solve(cols, stats)
    assert graph.total @ x == 22  # the group half in each place, both singles placed
    assert relaxation.separate(stats)
    x, duals = relaxation.solve(cols, stats)
    assert graph.total @ x == 16
    assert np.all((x == 0) | (x == 1))
    _, bound, _ = reduced(graph, graph.total, np.ones(4, dtype=np.bool_), duals, None)
    assert bound == 16
    assert not relaxation.separate(stats)


@pytest.mark.parametrize("share", [0.0, 0.01, 1.0])
@given(seed=st.integers(0, 2**32 - 1))
def test_growing_the_core_from_any_prices_reaches_the_optimum(share, seed):
    # Loose random prices make a loose bound, so the core has to grow, often to the end.
    rng = random.Random(seed)
    graph = small_graph(seed)
    relaxation = Relaxation.create(graph, graph.total, None, None)
    if relaxation is None or not len(graph):  # pragma: no cover - no bundled HiGHS
        return
    duals = Duals(
        y=np.array([rng.choice((0.0, rng.random() * 100_000)) for _ in graph.free]),
        z=np.array([rng.choice((0.0, rng.random() * 100_000)) for _ in graph.starts]),
        eta=0.0,
    )
    keep = np.ones(len(graph), dtype=np.bool_)
    d, bound, best = reduced(graph, graph.total, keep, duals, None)
    slack = bound - best[graph.unit] + d
    active = np.array([rng.random() < 0.5 for _ in range(len(graph))], dtype=np.bool_)
    support = active & np.array([rng.random() < 0.5 for _ in range(len(graph))], dtype=np.bool_)
    with patch.object(overview_module, "CORE_SHARE", share):
        chosen = _integral(
            graph, graph.total, keep, active, support, relaxation, slack, bound, None, Stats()
        )
    assert graph.total[chosen].sum() == max(graph.total[p].sum() for p in assignments(graph))
