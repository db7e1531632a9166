# SPDX-License-Identifier: MPL-2.0
"""Property tests: the index equals the reference, and the promises of the scoring hold."""

import random

from hypothesis import given
from hypothesis import strategies as st

from matchengine.datagen import generate_children, generate_places
from matchengine.index import PlaceIndex
from matchengine.models import PlaceProfile
from matchengine.policy import Policy
from matchengine.ranking import rank_child
from matchengine.rules import check, evaluate, rank_reference
from matchengine.tests.factories import REF
from matchengine.vocab import (
    FOSTER_FAMILY_TYPES,
    ConstraintKind,
    Dimension,
    FactorCode,
    NeedTag,
    SupportLevel,
)

POLICY = Policy()
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def world(seed, places=40):
    rng = random.Random(seed)
    children = generate_children(rng, 3, REF, sibling_share=0.4)
    return children, generate_places(rng, places, REF, [c.id for c in children])


def vector_ranking(child, places, include_practical=False):
    outcome = rank_child(
        PlaceIndex(places), child, reference_date=REF, include_practical=include_practical
    )
    return [(r.place_id, r.score_milli) for r in outcome.ranked()], outcome


@given(seeds, st.booleans())
def test_vectorised_ranking_equals_reference(seed, include_practical):
    children, places = world(seed)
    for child in children:
        got, outcome = vector_ranking(child, places, include_practical)
        expected, reasons = rank_reference(child, places, REF, POLICY, include_practical)
        assert got == expected
        excluded = {e.place_id: e.reasons for e in outcome.excluded()}
        assert set(excluded) == {p.id for p in places} - {pid for pid, _ in got}
        for pid, listed in excluded.items():
            assert list(listed) == reasons[pid]
        for explained in outcome.top:
            assert sum(f.contribution_milli for f in explained.factors) + 100_000 == (
                explained.score_milli
            )


@given(
    seeds,
    st.integers(min_value=0, max_value=30),
    st.sampled_from([lv for lv in SupportLevel if lv is not SupportLevel.NOT_ASSESSED]),
)
def test_target_group_points_agree_under_any_policy(seed, points, assumed):
    """The need-outside-target-groups factor, reference against index, with other weights."""
    policy = Policy(target_group_points=points, not_assessed_need_level=assumed)
    children, places = world(seed, 25)
    index = PlaceIndex(places)
    for child in children:
        expected, _ = rank_reference(child, places, REF, policy, include_practical=True)
        outcome = rank_child(
            index, child, reference_date=REF, policy=policy, include_practical=True
        )
        assert [(r.place_id, r.score_milli) for r in outcome.ranked()] == expected


@given(seeds, st.sampled_from(list(NeedTag)))
def test_adding_a_target_group_never_lowers_a_score(seed, tag):
    children, places = world(seed, 15)
    for child in children:
        for place in places:
            if tag in place.approval.target_groups:
                continue
            wider = place.model_copy(
                update={
                    "approval": place.approval.model_copy(
                        update={"target_groups": (*place.approval.target_groups, tag)}
                    )
                }
            )
            before = evaluate(child, place, REF, POLICY).score_milli
            assert evaluate(child, wider, REF, POLICY).score_milli >= before


@given(seeds)
def test_no_included_place_breaks_a_legal_constraint(seed):
    children, places = world(seed)
    by_id = {p.id: p for p in places}
    for child in children:
        got, _ = vector_ranking(child, places, include_practical=True)
        for pid, _ in got:
            kinds = {r.kind for r in check(child, by_id[pid], REF, POLICY)}
            assert ConstraintKind.LEGAL not in kinds


@given(seeds, st.sampled_from(list(Dimension)))
def test_raising_capacity_never_lowers_a_score(seed, dimension):
    children, places = world(seed, 15)
    levels = [lv for lv in SupportLevel if lv is not SupportLevel.NOT_ASSESSED]
    for child in children:
        for place in places:
            before = evaluate(child, place, REF, POLICY).score_milli
            current = place.capacity.get(dimension, SupportLevel.NOT_ASSESSED)
            start = 0 if current is SupportLevel.NOT_ASSESSED else levels.index(current) + 1
            for higher in levels[start:]:
                raised = place.model_copy(
                    update={"capacity": {**place.capacity, dimension: higher}}
                )
                after = evaluate(child, raised, REF, POLICY).score_milli
                assert after >= before
                before = after


@given(seeds)
def test_removing_all_wishes_never_lowers_a_score(seed):
    children, places = world(seed, 20)
    for child in children:
        quiet = child.model_copy(update={"wishes": ()})
        for place in places:
            assert (
                evaluate(quiet, place, REF, POLICY).score_milli
                >= evaluate(child, place, REF, POLICY).score_milli
            )


@given(seeds, st.randoms(use_true_random=False))
def test_shuffling_and_renaming_places_changes_no_score(seed, shuffler):
    children, places = world(seed)
    renamed = [
        p.model_copy(update={"id": f"x{(i * 7919) % 1000:04d}"}) for i, p in enumerate(places)
    ]
    back = {r.id: p.id for r, p in zip(renamed, places, strict=True)}
    shuffled = list(renamed)
    shuffler.shuffle(shuffled)
    for child in children:
        if child.siblings_placed_at or child.exclusions:
            continue
        base, _ = vector_ranking(child, places)
        got, _ = vector_ranking(child, shuffled)
        assert sorted((back[pid], s) for pid, s in got) == sorted(base)
        assert [s for _, s in got] == [s for _, s in base]


@given(seeds)
def test_non_disclosure_removes_distance_to_parents(seed):
    children, places = world(seed, 10)
    for child in children:
        protected = child.model_copy(update={"non_disclosure": True})
        for place in places:
            codes = [f.code for f in evaluate(protected, place, REF, POLICY).factors]
            assert FactorCode.PARENTS_DISTANCE not in codes
            if child.parent_locations:
                open_case = child.model_copy(update={"non_disclosure": False})
                codes = [f.code for f in evaluate(open_case, place, REF, POLICY).factors]
                assert FactorCode.PARENTS_DISTANCE in codes


def test_exact_ties_are_ordered_by_id():
    _, places = world(3, 5)
    twin = places[0]
    copies: list[PlaceProfile] = [twin.model_copy(update={"id": pid}) for pid in ("b", "c", "a")]
    children, _ = world(3, 5)
    for child in children:
        got, _ = vector_ranking(child, copies, include_practical=True)
        if got:
            assert [pid for pid, _ in got] == ["a", "b", "c"]


@given(seeds, st.randoms(use_true_random=False))
def test_wish_lines_agree_with_the_index_when_some_wishes_are_not_scored(seed, picker):
    """Wishes switched to shown-only, reference against index; the lines add up to the score."""
    children, places = world(seed, 20)
    for child in children:
        shown = tuple(w.model_copy(update={"scored": picker.random() < 0.7}) for w in child.wishes)
        mixed = child.model_copy(update={"wishes": shown})
        got, _outcome = vector_ranking(mixed, places)
        expected, _reasons = rank_reference(mixed, places, REF, POLICY)
        assert got == expected
        for place in places:
            made = evaluate(mixed, place, REF, POLICY)
            lines = [f for f in made.factors if f.code is FactorCode.WISHES]
            assert len(lines) <= sum(w.scored for w in shown)
            assert all(0 <= f.params["met"] <= 1000 for f in lines)


@given(seeds, st.sets(st.sampled_from(FOSTER_FAMILY_TYPES)))
def test_decided_foster_family_types_agree_with_the_index(seed, types):
    """A decision naming §43 types, reference against index, beside the generated forms."""
    children, places = world(seed, 25)
    for child in children:
        decided = child.model_copy(update={"required_types": tuple(sorted(types))})
        got, _outcome = vector_ranking(decided, places)
        expected, _reasons = rank_reference(decided, places, REF, POLICY)
        assert got == expected
        for pid, _score in got:
            place = next(p for p in places if p.id == pid)
            assert decided.form_decided(place.type)
