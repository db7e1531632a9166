# SPDX-License-Identifier: MPL-2.0
"""The capacity overview equals brute force, keeps siblings together and honours what-ifs."""

import itertools
import random
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchengine import overview as overview_module
from matchengine import relaxation as relaxation_module
from matchengine.datagen import generate_children, generate_places
from matchengine.index import PlaceIndex
from matchengine.models import OverviewRequest
from matchengine.overview import (
    PAGE_CANDIDATE_LIMIT,
    OverviewInputError,
    _assign,
    _graph,
    _improve,
    _units,
    overview,
    page_overview,
)
from matchengine.policy import Policy
from matchengine.tests.factories import REF
from matchengine.vocab import UnplacedReason


def small_request(seed, n_children=5, n_places=6, **extra):
    rng = random.Random(seed)
    children = generate_children(rng, n_children, REF, sibling_share=0.5)
    places = generate_places(rng, n_places, REF, [c.id for c in children])
    # Loosen the data so small instances have real competition.
    children = [c.model_copy(update={"required_forms": (), "need_tags": ()}) for c in children]
    places = [
        p.model_copy(update={"free_places": min(p.approval.places, rng.choice((1, 1, 2, 3)))})
        for p in places
    ]
    return OverviewRequest(
        reference_date=REF, children=children, places=places, include_practical=True, **extra
    )


def brute_force(request):
    index = PlaceIndex(request.places)
    units = _units(request, index)
    best = None
    options = [[None, *[int(p) for p in u.feasible[u.allowed]]] for u in units]
    for choice in itertools.product(*options):
        used = {}
        fits = []
        ok = True
        for unit, place in zip(units, choice, strict=True):
            if unit.pinned is not None and place != unit.pinned:
                ok = False
                break
            if place is None:
                continue
            used[place] = used.get(place, 0) + unit.size
            if used[place] > request.places[place].free_places:
                ok = False
                break
            column = list(unit.feasible).index(place)
            fits.extend(int(v) for v in unit.fits[:, column])
        if ok:
            key = (len(fits), min(fits) if fits else 0, sum(fits))
            best = key if best is None or key > best else best
    return best


@given(st.integers(0, 2**32 - 1))
def test_overview_equals_brute_force_in_all_three_objectives(seed):
    request = small_request(seed)
    result = overview(request)
    objective = result.objective
    got = (objective.placed_children, objective.min_fit_milli or 0, objective.total_fit_milli)
    assert got == brute_force(request)


@given(st.integers(0, 2**32 - 1))
def test_sibling_groups_are_never_split(seed):
    request = small_request(seed, 8, 8)
    result = overview(request)
    places = {}
    for outcome in result.children:
        if outcome.sibling_group_id:
            places.setdefault(outcome.sibling_group_id, set()).add(outcome.place_id)
    assert all(len(v) == 1 for v in places.values())
    free = {p.id: p.free_places for p in request.places}
    for outcome in result.children:
        if outcome.place_id is not None:
            free[outcome.place_id] -= 1
    assert min(free.values()) >= 0


def test_pins_and_forbids():
    request = small_request(11, 4, 6)
    result = overview(request)
    placed = next(o for o in result.children if o.place_id is not None)
    forbid = OverviewRequest.model_validate(
        {
            **request.model_dump(),
            "forbids": [{"child_id": placed.child_id, "place_id": placed.place_id}],
        }
    )
    again = next(o for o in overview(forbid).children if o.child_id == placed.child_id)
    assert again.place_id != placed.place_id
    if placed.alternatives:
        target = placed.alternatives[-1].place_id
        pin = OverviewRequest.model_validate(
            {**request.model_dump(), "pins": [{"child_id": placed.child_id, "place_id": target}]}
        )
        pinned = next(o for o in overview(pin).children if o.child_id == placed.child_id)
        assert (pinned.place_id, pinned.pinned) == (target, True)


def test_pin_to_an_infeasible_place_names_the_pin():
    request = small_request(5, 3, 4)
    data = request.model_dump()
    data["children"][0]["exclusions"] = [{"place_id": data["places"][0]["id"], "reason": "x"}]
    data["pins"] = [{"child_id": data["children"][0]["id"], "place_id": data["places"][0]["id"]}]
    with pytest.raises(OverviewInputError, match=r"pins\[0\]"):
        overview(OverviewRequest.model_validate(data))


def test_unplaced_children_get_a_reason():
    request = small_request(2, 6, 3)
    data = request.model_dump()
    data["children"][0]["secure_unit_needed"] = True
    result = overview(OverviewRequest.model_validate(data))
    reasons = {o.child_id: o.unplaced_reason for o in result.children}
    assert reasons[data["children"][0]["id"]] is UnplacedReason.NO_FEASIBLE_PLACE
    for outcome in result.children:
        assert (outcome.place_id is None) == (outcome.unplaced_reason is not None)


def test_pruned_and_unpruned_optima_are_equal_on_a_realistic_instance():
    rng = random.Random(4)
    children = generate_children(rng, 40, REF)
    places = generate_places(rng, 400, REF, [c.id for c in children])
    exact = overview(OverviewRequest(reference_date=REF, children=children, places=places))
    pruned = overview(
        OverviewRequest(reference_date=REF, children=children, places=places, candidate_limit=50)
    )
    assert pruned.objective == exact.objective


def test_pruned_and_unpruned_optima_are_equal_on_100_children_and_1000_places():
    rng = random.Random(7)
    children = generate_children(rng, 100, REF, sibling_share=0.15)
    places = generate_places(rng, 1_000, REF, [c.id for c in children])
    request = OverviewRequest(reference_date=REF, children=children, places=places)
    exact = overview(request)
    for limit in (1, 10):
        pruned = overview(request.model_copy(update={"candidate_limit": limit}))
        assert pruned.objective == exact.objective


def test_same_input_gives_byte_identical_output():
    request = small_request(9, 6, 8)
    assert overview(request).model_dump_json() == overview(request).model_dump_json()


@given(st.integers(0, 2**32 - 1))
def test_warm_started_and_from_scratch_solves_give_the_same_optimum(seed):
    request = small_request(seed, candidate_limit=1)
    warm = overview(request).objective
    with patch.object(relaxation_module, "_highs", None):
        cold = overview(request).objective
    assert warm == cold
    got = (warm.placed_children, warm.min_fit_milli or 0, warm.total_fit_milli)
    assert got == brute_force(request)


@pytest.mark.parametrize("share", [0.0, 1e-4, 1.0])
@given(seed=st.integers(0, 2**32 - 1))
def test_any_first_core_gives_the_same_optimum(share, seed):
    request = small_request(seed, 6, 5, candidate_limit=1)
    with patch.object(overview_module, "CORE_SHARE", share):
        objective = overview(request).objective
    got = (objective.placed_children, objective.min_fit_milli or 0, objective.total_fit_milli)
    assert got == brute_force(request)


@pytest.mark.parametrize("per_round", [1, 20])
@given(seed=st.integers(0, 2**32 - 1))
def test_any_pricing_step_gives_the_same_optimum(per_round, seed):
    request = small_request(seed, 6, 5, candidate_limit=1)
    with patch.object(overview_module, "PRICE_PER_ROUND", per_round):
        objective = overview(request).objective
    got = (objective.placed_children, objective.min_fit_milli or 0, objective.total_fit_milli)
    assert got == brute_force(request)


def test_the_page_path_has_the_limit_and_the_unlimited_optimum():
    """What the capacity overview page and the benchmark run: limited, and still exact."""
    rng = random.Random(11)
    children = generate_children(rng, 60, REF, sibling_share=0.3)
    places = generate_places(rng, 500, REF, [c.id for c in children])
    index = PlaceIndex(places)
    page = page_overview(children, index, reference_date=REF, policy=Policy())
    exact = overview(OverviewRequest(reference_date=REF, children=children, places=places))
    assert page.candidate_limit == PAGE_CANDIDATE_LIMIT
    assert page.objective == exact.objective
    assert page.objective.placed_children > 0


@settings(max_examples=40)
@given(st.integers(0, 2**32 - 1))
def test_the_quick_assignment_fits_and_never_changes_the_optimum(seed):
    """The first assignment may settle stages 1 and 2 and, improved, starts stage 3; both
    must respect room, pins and forbids, and the answer must be the same as with the proof
    alone."""
    request = small_request(seed, 6, 5, candidate_limit=1)
    index = PlaceIndex(request.places)
    graph = _graph(_units(request, index), index)
    keep = graph.floor >= (int(graph.floor.min()) if len(graph) else 0)
    quick = _assign(graph, keep)
    assert (np.bincount(graph.unit[quick], minlength=len(graph.starts)) <= 1).all()
    used = np.bincount(graph.place[quick], weights=graph.size[quick], minlength=len(graph.free))
    assert (used <= graph.free).all()
    assert not (quick & ~keep).any()
    # Moving the single children to their best fit keeps who is placed, room and threshold.
    better = _improve(graph, keep, quick)
    assert (np.bincount(graph.unit[better], minlength=len(graph.starts)) <= 1).all()
    assert set(graph.unit[better].tolist()) == set(graph.unit[quick].tolist())
    used = np.bincount(graph.place[better], weights=graph.size[better], minlength=len(graph.free))
    assert (used <= graph.free).all()
    assert not (better & ~keep).any()
    assert graph.total[better].sum() >= graph.total[quick].sum()
    fast = overview(request).objective
    with (
        patch.object(overview_module, "_assign", lambda g, k: np.zeros(len(g), dtype=bool)),
        patch.object(overview_module, "_improve", lambda g, k, c: c),
    ):
        proven = overview(request).objective
    assert fast == proven
    got = (fast.placed_children, fast.min_fit_milli or 0, fast.total_fit_milli)
    assert got == brute_force(request)
