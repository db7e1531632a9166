# SPDX-License-Identifier: MPL-2.0
"""An index changed in place of a few places equals one built from scratch over the new places."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchengine.datagen import generate_children, generate_places
from matchengine.index import PlaceIndex
from matchengine.ranking import rank_child
from matchengine.tests.factories import REF

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def assert_same_index(got: PlaceIndex, expected: PlaceIndex) -> None:
    assert got.ids == expected.ids
    assert got.places == expected.places
    for name, value in vars(expected).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(getattr(got, name), value), name
            assert getattr(got, name).dtype == value.dtype, name
    assert got.named_codes == expected.named_codes
    assert [a.tolist() for a in got.named_at] == [a.tolist() for a in expected.named_at]
    assert {k: v.tolist() for k, v in got.continuity.items()} == {
        k: v.tolist() for k, v in expected.continuity.items()
    }
    assert np.array_equal(got.kind_code, expected.kind_code)
    assert all(
        np.array_equal(a, b)
        for a, b in zip(vars(got.kind).values(), vars(expected.kind).values(), strict=True)
    )


@settings(max_examples=30)
@given(seeds, st.integers(0, 6), st.integers(0, 6), st.integers(0, 6), st.booleans())
def test_changed_index_equals_a_full_build(seed, changed, removed, added, keep_order):
    rng = random.Random(seed)
    children = generate_children(rng, 3, REF, sibling_share=0.3)
    child_ids = [c.id for c in children]
    places = generate_places(rng, 30, REF, child_ids)
    # Other content for some of the same ids, and places with new ids.
    pool = generate_places(rng, 30 + added, REF, child_ids)
    ids = [p.id for p in places]
    to_change = rng.sample(ids, changed)
    to_remove = rng.sample([i for i in ids if i not in to_change], removed)
    upserts = [pool[ids.index(i)].model_copy(update={"id": i}) for i in to_change]
    upserts += [p.model_copy(update={"id": f"new-{k}"}) for k, p in enumerate(pool[30:])]
    after = {p.id: p for p in places if p.id not in to_remove}
    after.update({p.id: p for p in upserts})
    order = list(after)
    if not keep_order:
        rng.shuffle(order)

    old = PlaceIndex(places)
    got = old.with_changes(upserts, to_remove, order=order)
    expected = PlaceIndex([after[i] for i in order])
    assert_same_index(got, expected)
    assert old.ids == tuple(ids)  # the old index is untouched
    for child in children:
        a = rank_child(got, child, reference_date=REF)
        b = rank_child(expected, child, reference_date=REF)
        assert [(r.place_id, r.score_milli) for r in a.ranked()] == [
            (r.place_id, r.score_milli) for r in b.ranked()
        ]


def test_without_an_order_kept_places_stay_and_new_ones_come_last():
    rng = random.Random(7)
    places = generate_places(rng, 5, REF)
    extra = generate_places(rng, 1, REF)[0].model_copy(update={"id": "new"})
    changed = places[2].model_copy(update={"free_places": 0})
    got = PlaceIndex(places).with_changes([changed, extra], [places[0].id, "unknown"])
    assert got.ids == (places[1].id, places[2].id, places[3].id, places[4].id, "new")
    assert got.free[1] == 0


def test_a_place_both_changed_and_removed_or_missing_from_the_order_is_refused():
    places = generate_places(random.Random(3), 4, REF)
    index = PlaceIndex(places)
    with pytest.raises(ValueError, match="both changed and removed"):
        index.with_changes([places[0]], [places[0].id])
    with pytest.raises(ValueError, match="every changed place exactly once"):
        index.with_changes([places[0]], order=[p.id for p in places[1:]])
    with pytest.raises(ValueError, match="neither kept nor changed"):
        index.with_changes([], [places[0].id], order=[p.id for p in places])
