# SPDX-License-Identifier: MPL-2.0
"""Each constraint at its boundaries, in the reference rules and the index alike."""

from datetime import date

import numpy as np
import pytest

from matchengine.index import PlaceIndex, bits_to_codes
from matchengine.policy import Policy
from matchengine.rules import check, evaluate, rank_reference
from matchengine.tests.factories import REF, child, place
from matchengine.vocab import ConstraintCode, FactorCode

POLICY = Policy()


def codes(c, p, ref=REF):
    reference = [r.code for r in check(c, p, ref, POLICY)]
    vectorised = bits_to_codes(int(PlaceIndex([p]).reasons(c, ref, POLICY)[0]))
    assert reference == vectorised
    return reference


@pytest.mark.parametrize(
    ("birth", "covered"),
    [("2013-11-24", True), ("2013-11-23", False), ("2013-11-22", False)],
)
def test_approval_for_0_12_covers_until_the_day_before_the_13th_birthday(birth, covered):
    p = place(approval={"max_age": 12})
    got = codes(child(birth_date=birth), p)
    assert (ConstraintCode.AGE_OUTSIDE_APPROVAL not in got) is covered


def test_leap_day_birthday_turns_older_on_1_march_in_common_years():
    c = child(birth_date="2012-02-29")
    assert c.age_on(date(2025, 2, 28)) == 12
    assert c.age_on(date(2025, 3, 1)) == 13
    assert c.age_on(date(2024, 2, 29)) == 12
    p = place(approval={"max_age": 12})
    assert ConstraintCode.AGE_OUTSIDE_APPROVAL not in codes(c, p, date(2025, 2, 28))
    assert ConstraintCode.AGE_OUTSIDE_APPROVAL in codes(c, p, date(2025, 3, 1))


def test_min_age_is_inclusive():
    p = place(approval={"min_age": 11})
    assert ConstraintCode.AGE_OUTSIDE_APPROVAL not in codes(child(birth_date="2015-11-23"), p)
    assert ConstraintCode.AGE_OUTSIDE_APPROVAL in codes(child(birth_date="2015-11-24"), p)


@pytest.mark.parametrize(("until", "valid"), [("2026-11-23", True), ("2026-11-22", False)])
def test_approval_ending_on_the_reference_date_is_still_valid(until, valid):
    got = codes(child(), place(approval={"valid_until": until}))
    assert (ConstraintCode.APPROVAL_NOT_VALID not in got) is valid


def test_approval_starting_tomorrow_is_not_valid():
    assert ConstraintCode.APPROVAL_NOT_VALID in codes(
        child(), place(approval={"valid_from": "2026-11-24"})
    )


@pytest.mark.parametrize(("expires", "ok"), [("2026-11-23", True), ("2026-11-22", False)])
def test_vacancy_expiring_today_still_counts(expires, ok):
    p = place(vacancy={"declared_on": "2026-11-01", "expires_on": expires})
    assert (ConstraintCode.VACANCY_EXPIRED not in codes(child(), p)) is ok


def test_stale_or_missing_vacancy_declaration():
    fresh = place(vacancy={"declared_on": "2026-10-24", "expires_on": "2026-12-31"})
    old = place(vacancy={"declared_on": "2026-10-23", "expires_on": "2026-12-31"})
    assert ConstraintCode.VACANCY_STALE not in codes(child(), fresh)
    assert ConstraintCode.VACANCY_STALE in codes(child(), old)
    assert ConstraintCode.VACANCY_STALE in codes(child(), place(vacancy=None))


def test_zero_free_places_and_sibling_group_capacity():
    assert ConstraintCode.NO_FREE_CAPACITY in codes(child(), place(free_places=0))
    group = child(sibling_group_id="g1", sibling_group_size=2)
    assert ConstraintCode.NO_FREE_CAPACITY in codes(group, place(free_places=1))
    assert ConstraintCode.NO_FREE_CAPACITY not in codes(group, place(free_places=2))


def test_network_approval_only_for_its_named_child():
    p = place(type="foster_family_network", approval={"named_child_id": "child-1"}, vacancy=None)
    assert codes(child(), p) == []
    assert codes(child(id="child-2"), p) == [
        ConstraintCode.NETWORK_APPROVAL_OTHER_CHILD,
        ConstraintCode.VACANCY_STALE,
    ]
    explained = evaluate(child(), p, REF, POLICY)
    assert FactorCode.NETWORK_PLACEMENT in [f.code for f in explained.factors]


def test_secure_unit_rules():
    secure = place(type="secure_unit")
    assert ConstraintCode.RESTRICTIVE_UNIT_WITHOUT_DECISION in codes(child(), secure)
    assert codes(child(secure_unit_needed=True), secure) == []
    assert ConstraintCode.SECURE_UNIT_NEEDED in codes(child(secure_unit_needed=True), place())


def test_heavy_need_tags_must_be_target_groups_and_all_reasons_listed():
    c = child(need_tags=["autism", "adhd"], required_forms=["residential"])
    got = codes(c, place(free_places=0, vacancy=None))
    assert got == [
        ConstraintCode.PLACE_FORM_NOT_REQUIRED,
        ConstraintCode.TARGET_GROUP_NOT_COVERED,
        ConstraintCode.NO_FREE_CAPACITY,
        ConstraintCode.VACANCY_STALE,
    ]
    assert (
        codes(
            c.model_copy(update={"required_forms": ()}),
            place(approval={"target_groups": ["autism"]}),
        )
        == []
    )


def test_gender_rule_and_caseworker_exclusion():
    rule = {"genders": ["girl"], "source": "approval_target_group", "reason": "Pigehjem"}
    p = place(approval={"gender_rule": rule})
    assert ConstraintCode.GENDER_RESTRICTION in codes(child(), p)
    assert ConstraintCode.GENDER_RESTRICTION not in codes(child(gender="girl"), p)
    excluded = child(exclusions=[{"place_id": "place-1", "reason": "Tidligere sammenbrud"}])
    assert codes(excluded, place()) == [ConstraintCode.EXCLUDED_BY_CASEWORKER]


def test_acute_needs_acute_intake():
    assert codes(child(acute=True), place()) == [ConstraintCode.NO_ACUTE_INTAKE]
    assert codes(child(acute=True), place(accepts_acute=True)) == []


def test_support_arrangement_closes_a_gap_and_is_suggested_otherwise():
    c = child(needs={"safe_care": "high"})
    bare = evaluate(c, place(capacity={"safe_care": "light"}), REF, POLICY)
    gap = next(g for g in bare.gaps if g.dimension == "safe_care")
    assert gap.open_levels == 2
    assert "safe_care" in [s.dimension for s in bare.suggested_support]
    support = [
        {"kind": "institution_supervision", "dimensions": ["safe_care"], "raises_to": "high"}
    ]
    helped = evaluate(
        c, place(capacity={"safe_care": "light"}, support_arrangements=support), REF, POLICY
    )
    gap = next(g for g in helped.gaps if g.dimension == "safe_care")
    assert (gap.open_levels, gap.closed_by) == (0, ("institution_supervision",))
    assert "safe_care" not in [s.dimension for s in helped.suggested_support]
    assert helped.score_milli > bare.score_milli


def _outside(c, p, policy=POLICY):
    """The target-group factor's (outside needs, points), checked against the index's score."""
    explained = evaluate(c, p, REF, policy)
    index = PlaceIndex([p])
    assert int(index.score(c, REF, policy, np.array([0]))[0]) == explained.score_milli
    found = [f for f in explained.factors if f.code is FactorCode.OUTSIDE_TARGET_GROUPS]
    if not found:
        return None
    return list(found[0].params["outside"]), found[0].contribution_milli


# One row per rule: a specific need counts when the child's need on its dimension is moderate or
# higher (unassessed counts as the policy's assumed level, high); each such need outside every
# target group of the approval costs target_group_points (8 by default).
@pytest.mark.parametrize(
    ("tags", "needs", "targets", "expected"),
    [
        (["anxiety_depression"], {"health": "moderate"}, [], (["anxiety_depression"], -8000)),
        (["anxiety_depression"], {"health": "high"}, ["anxiety_depression"], ([], 0)),
        (["anxiety_depression"], {"health": "light"}, [], None),
        (["anxiety_depression"], {}, [], (["anxiety_depression"], -8000)),
        (["school_absence"], {"schooling": "none", "health": "complete"}, [], None),
        (
            ["neglect_trauma", "school_absence", "adhd"],
            {"safe_care": "moderate", "schooling": "high", "development_behaviour": "light"},
            ["school_absence"],
            (["neglect_trauma"], -8000),
        ),
        (
            ["externalising_behaviour", "neglect_trauma"],
            {"development_behaviour": "complete", "safe_care": "moderate"},
            ["adhd"],
            (["externalising_behaviour", "neglect_trauma"], -16000),
        ),
        ([], {"health": "complete"}, [], None),
    ],
)
def test_needs_outside_the_approval_target_groups_cost_points(tags, needs, targets, expected):
    c = child(need_tags=tags, needs=needs)
    assert _outside(c, place(approval={"target_groups": targets})) == expected


def test_target_group_points_follow_the_policy_and_heavy_needs_still_exclude():
    c = child(need_tags=["autism", "anxiety_depression"], needs={"health": "high"})
    assert codes(c, place()) == [ConstraintCode.TARGET_GROUP_NOT_COVERED]
    p = place(approval={"target_groups": ["autism"]})
    assert codes(c, p) == []
    assert _outside(c, p, Policy(target_group_points=30)) == (["anxiety_depression"], -30000)
    assert _outside(c, p, Policy(target_group_points=0)) == (["anxiety_depression"], 0)
    with pytest.raises(ValueError, match="less than or equal to 30"):
        Policy(target_group_points=31)


FOUR = ("health", "development_behaviour", "schooling", "safe_care")


def test_girl_of_13_ranks_the_place_approved_for_her_needs_first():
    """Trauma, anxiety, school absence and acting out, all moderate: two places with strong
    capacity but approvals for other target groups fall below the one approved for her needs."""
    girl = child(
        birth_date="2013-05-02",
        gender="girl",
        need_tags=[
            "neglect_trauma",
            "anxiety_depression",
            "school_absence",
            "externalising_behaviour",
        ],
        needs=dict.fromkeys(FOUR, "moderate"),
    )
    strong = dict.fromkeys(FOUR, "high")
    home = place(
        id="home",
        type="residential_institution",
        capacity=strong,
        approval={"target_groups": ["sexualised_behaviour", "sensory_impairment", "adhd"]},
    )
    family = place(
        id="family",
        capacity=strong,
        approval={"target_groups": ["intellectual_disability", "infant"]},
    )
    fitting = place(
        id="fitting",
        capacity=dict.fromkeys(FOUR, "moderate"),
        approval={
            "target_groups": [
                "neglect_trauma",
                "anxiety_depression",
                "school_absence",
                "externalising_behaviour",
            ]
        },
    )
    ranked, _ = rank_reference(girl, [home, family, fitting], REF, POLICY)
    assert [pid for pid, _ in ranked] == ["fitting", "family", "home"]
    assert _outside(girl, home)[0] == [
        "externalising_behaviour",
        "neglect_trauma",
        "anxiety_depression",
        "school_absence",
    ]


def _wish_lines(c, p):
    """Each wish line (position, met, points), after checking the index agrees on the score."""
    made = evaluate(c, p, REF, POLICY)
    index = PlaceIndex([p])
    assert int(index.score(c, REF, POLICY, np.array([0]))[0]) == made.score_milli
    return [
        (f.params["wish"], f.params["met"], f.contribution_milli)
        for f in made.factors
        if f.code is FactorCode.WISHES
    ]


COUNTRY_WITH_DOG = {"setting": "country", "animals": True}
# One row per wish rule: the wishes, the place's household, the expected (position, met, milli).
WISH_ROWS = [
    # Animals and country both met: two lines at no cost.
    (
        [{"kind": "animals", "animals": "wants_animals"}, {"kind": "town_or_country",
                                                          "setting": "country"}],
        COUNTRY_WITH_DOG,
        [(0, 1000, 0), (1, 1000, 0)],
    ),
    # A town home without animals meets neither; the points are shared by importance (3:1).
    (
        [{"kind": "animals", "animals": "wants_animals", "importance": "high"},
         {"kind": "town_or_country", "setting": "country", "importance": "low"}],
        {"setting": "town"},
        [(0, 0, -11_250), (1, 0, -3_750)],
    ),
    # "No animals" is met where there are none.
    ([{"kind": "animals", "animals": "no_animals"}], {"setting": "town"}, [(0, 1000, 0)]),
    # A wish shown but not scored (a new school) has no line and takes no share of the points.
    (
        [{"kind": "school", "scored": False}, {"kind": "animals", "animals": "wants_animals"}],
        {"setting": "town"},
        [(1, 0, -15_000)],
    ),
    # Worries are never scored.
    ([{"kind": "worries"}], COUNTRY_WITH_DOG, []),
]  # fmt: skip


@pytest.mark.parametrize(("wishes", "household", "expected"), WISH_ROWS)
def test_each_wish_has_its_own_line_with_met_and_points(wishes, household, expected):
    c = child(wishes=wishes)
    assert _wish_lines(c, place(household=household)) == expected


def test_a_wish_to_live_near_is_partly_met_with_distance_and_lines_add_up():
    # 0.2 degrees of latitude north is about 22 km: 17 km beyond the free 5 km of a 40 km fade.
    near = {"kind": "live_near", "location": {"lat": 55.88, "lon": 12.57}, "importance": "high"}
    c = child(wishes=[near, {"kind": "animals", "animals": "wants_animals"}])
    made = evaluate(c, place(), REF, POLICY)
    (line_near, line_animals) = [f for f in made.factors if f.code is FactorCode.WISHES]
    assert 0 < line_near.params["met"] < 1000
    assert line_near.params["distance_m"] == 22_114
    assert line_animals.params["met"] == 0 and line_animals.params["distance_m"] is None
    assert _wish_lines(c, place())[0][2] == line_near.contribution_milli


def test_a_wish_not_scored_needs_no_detail():
    # Without the detail the check needs, the wish keeps its kind and is shown, not scored.
    c = child(wishes=[{"kind": "animals", "scored": False}])
    made = evaluate(c, place(), REF, POLICY)
    assert [n.params for n in made.notices if n.code.value == "wish_not_scored"] == [{"wish": 0}]
    with pytest.raises(ValueError, match="needs animals"):
        child(wishes=[{"kind": "animals"}])


NOT_DECIDED = ConstraintCode.PLACE_FORM_NOT_REQUIRED
# One row per rule of the decided form: what the decision names, the place's type, excluded?
FORM_ROWS = [
    # No decision: every form is compared.
    ((), (), "residential_institution", False),
    # The broad form "foster family" covers all four §43 types.
    (("foster_family",), (), "foster_family_specialised", False),
    (("foster_family",), (), "residential_institution", True),
    # A reinforced foster family is decided: a general or specialised one is not that.
    ((), ("foster_family_reinforced",), "foster_family_reinforced", False),
    ((), ("foster_family_reinforced",), "foster_family_general", True),
    ((), ("foster_family_reinforced",), "foster_family_specialised", True),
    ((), ("foster_family_reinforced",), "small_residential_home", True),
    # A type beside an institution form: either fits, nothing else does.
    (("residential",), ("foster_family_general",), "small_residential_home", False),
    (("residential",), ("foster_family_general",), "foster_family_general", False),
    (("residential",), ("foster_family_general",), "foster_family_reinforced", True),
    (("residential",), ("foster_family_general",), "own_room", True),
]


@pytest.mark.parametrize(("forms", "types", "place_type", "excluded"), FORM_ROWS)
def test_a_decided_form_names_a_43_foster_family_type_or_a_form(forms, types, place_type, excluded):
    c = child(required_forms=forms, required_types=types)
    found = codes(c, place(type=place_type))
    assert (NOT_DECIDED in found) is excluded
    if excluded:
        (reason,) = [
            r for r in check(c, place(type=place_type), REF, POLICY) if r.code is NOT_DECIDED
        ]
        assert reason.kind.value == "legal"
        assert reason.params["place_type"] == place_type
        assert reason.params["required_types"] == tuple(types)


def test_an_institution_is_decided_by_its_form_not_as_a_type():
    with pytest.raises(ValueError, match="not a §43 foster-family type"):
        child(required_types=["residential_institution"])
