# SPDX-License-Identifier: MPL-2.0
"""The law and the policy as a table: one small case per rule, run against both engines.

Each row is a child and two to four places that differ only in what its rule looks at, the
order the places must come in (or which are ruled out and why) and the explanation keys that
must be there. A row fails only when its own rule breaks: the included places may differ only
on the row's own factors, and an excluded place has exactly the row's reasons.

The rows are plain data, so ``placematch/matching/tests/test_law_table_page.py`` builds the same
cases in the database and checks them on the match page. A row the page cannot express (no
input for it on the case or the run) says so in ``engine_only``.

Rules covered (``matchengine/rules.py``): every ``ConstraintCode`` of ``check`` and every
``FactorCode`` of ``evaluate``, the policy's assumed level for an unassessed need, the
non-disclosure rule for the parents' distance, a network family's exemption from vacancy
declarations and practical reasons included on request. A fresh vacancy is not a score in the
policy but a practical exclusion (``vacancy_max_age_days``), so it has exclusion rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from matchengine.index import PlaceIndex
from matchengine.models import ChildProfile, PlaceProfile
from matchengine.policy import Policy
from matchengine.ranking import rank_child
from matchengine.rules import evaluate, rank_reference
from matchengine.tests.factories import REF
from matchengine.vocab import ConstraintCode, ConstraintKind, Dimension, FactorCode

POLICY = Policy()

# Postcodes the rows use, with the points the registry's postcode table gives them, so the
# engine here and the page (which looks postcodes up) measure the same distances.
POSTCODES: dict[str, tuple[float, float]] = {
    "8000": (56.15051496, 10.27802097),  # Aarhus C
    "8600": (56.17147071, 9.4900253),  # Silkeborg
    "8680": (56.08481116, 9.71786836),  # Ry, about 17 km from Silkeborg
    "9000": (57.05171431, 9.8350492),  # Aalborg, about 100 km from Silkeborg
}
ALL_MODERATE: Mapping[str, str] = {d.value: "moderate" for d in Dimension}
THIS_CHILD = "this"
OTHER_CHILD = "other"


@dataclass(frozen=True)
class WishCase:
    """One wish as the child's form records it: its kind and the detail the engine checks."""

    kind: str
    importance: str = "medium"
    postcode: str = ""
    setting: str = ""
    animals: str = ""


@dataclass(frozen=True)
class ChildCase:
    """The child: what the case records, and what the caseworker chooses for the run."""

    age: int = 10
    needs: Mapping[str, str] = field(default_factory=lambda: dict(ALL_MODERATE))
    tags: tuple[str, ...] = ()
    wishes: tuple[WishCase, ...] = ()
    # Siblings to be placed together, this child included (1: no sibling group).
    group_size: int = 1
    # A sibling (not to be placed together) already lives at this place key.
    sibling_lives_at: str = ""
    # The decided placement forms and §43 foster-family types.
    forms: tuple[str, ...] = ()
    school: str = ""
    parents: tuple[str, ...] = ()
    network: tuple[str, ...] = ()
    non_disclosure: bool = False
    acute: bool = False
    secure_unit_needed: bool = False
    partly_closed_unit_allowed: bool = False
    animal_allergy: bool = False
    max_other_children: int | None = None
    # Engine only: the case has no input for these (see the rows that use them).
    gender: str = ""
    ruled_out: tuple[str, ...] = ()
    continuity: tuple[str, ...] = ()  # languages to continue


@dataclass(frozen=True)
class PlaceCase:
    """One place: its approval, ledger, vacancy declaration and capacity profile."""

    key: str
    type: str = "small_residential_home"
    targets: tuple[str, ...] = ()
    ages: tuple[int, int] = (0, 17)
    places: int = 2
    taken: int = 0  # places held for other children in the ledger
    postcode: str = "8000"
    network_for: str = ""  # THIS_CHILD or OTHER_CHILD for a network foster family
    capacity: Mapping[str, str] = field(default_factory=dict)  # overrides on all "high"
    support: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, dimensions)
    animals: bool = False
    setting: str = "town"
    children_ages: tuple[int, ...] = ()
    languages: tuple[str, ...] = ()
    declared_days_ago: int | None = 0  # None: no vacancy declared
    expires_in_days: int = 30
    approval_ended_days_ago: int | None = None
    genders: tuple[str, ...] = ()  # engine only: an approval's gender rule


@dataclass(frozen=True)
class Line:
    """A factor the explanation of a place must hold, with the parameters that must match."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LawRow:
    id: str
    rule: str
    child: ChildCase
    places: tuple[PlaceCase, ...]
    order: tuple[str, ...]
    excluded: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The factors the included places may differ on (empty for exclusion rows).
    factors: tuple[str, ...] = ()
    lines: Mapping[str, tuple[Line, ...]] = field(default_factory=dict)
    include_practical: bool = False
    # Why the match page cannot express the row ("" when it can).
    engine_only: str = ""


def P(key: str, **kw: Any) -> PlaceCase:  # noqa: N802 - reads as a table cell
    return PlaceCase(key=key, **kw)


FAMILY = "foster_family_general"
HOME = "small_residential_home"

ROWS: tuple[LawRow, ...] = (
    # --- Exclusions: legal -----------------------------------------------------------------
    LawRow(
        "form_decided",
        "§52: the decided placement form rules out the other forms",
        ChildCase(forms=("foster_family",)),
        (P("family", type=FAMILY), P("home", type=HOME)),
        order=("family",),
        excluded={"home": ("place_form_not_required",)},
    ),
    LawRow(
        "s43_type_decided",
        "§43: a decided foster-family type rules out the other types",
        ChildCase(forms=("foster_family_reinforced",)),
        (P("reinforced", type="foster_family_reinforced"), P("general", type=FAMILY)),
        order=("reinforced",),
        excluded={"general": ("place_form_not_required",)},
    ),
    LawRow(
        "age_span",
        "The approval's age span must hold the child",
        ChildCase(age=10),
        (P("open"), P("older", ages=(12, 17)), P("younger", ages=(0, 9))),
        order=("open",),
        excluded={"older": ("age_outside_approval",), "younger": ("age_outside_approval",)},
    ),
    LawRow(
        "approval_valid",
        "Only a place with an approval valid on the day may take the child",
        ChildCase(),
        (P("valid"), P("ended", approval_ended_days_ago=10)),
        order=("valid",),
        excluded={"ended": ("approval_not_valid",)},
    ),
    LawRow(
        "network_other_child",
        "§43: a network foster family is approved for one named child only",
        ChildCase(),
        (
            P("general", type=FAMILY),
            P("network", type="foster_family_network", network_for=OTHER_CHILD),
        ),
        order=("general",),
        excluded={"network": ("network_approval_other_child",)},
    ),
    LawRow(
        "secure_unit_needed",
        "A child decided for a secure unit can only go to one",
        ChildCase(secure_unit_needed=True),
        (P("secure", type="secure_unit"), P("home", type=HOME)),
        order=("secure",),
        excluded={"home": ("secure_unit_needed",)},
    ),
    LawRow(
        "restrictive_unit",
        "A secure or partly closed unit needs its own decision",
        ChildCase(),
        (
            P("home", type=HOME),
            P("partly", type="partly_closed_unit"),
            P("secure", type="secure_unit"),
        ),
        order=("home",),
        excluded={
            "partly": ("restrictive_unit_without_decision",),
            "secure": ("restrictive_unit_without_decision",),
        },
    ),
    LawRow(
        "heavy_need_target_group",
        "A heavy need must be a target group of the approval",
        ChildCase(tags=("autism",)),
        (P("covered", targets=("autism",)), P("other", targets=("adhd",))),
        order=("covered",),
        excluded={"other": ("target_group_not_covered",)},
    ),
    LawRow(
        "gender_rule",
        "An approval's gender target group rules out other genders",
        ChildCase(gender="girl"),
        (P("any"), P("boys", genders=("boy",))),
        order=("any",),
        excluded={"boys": ("gender_restriction",)},
        engine_only="an approval's gender rule is not recorded in the registry",
    ),
    LawRow(
        "ruled_out_by_caseworker",
        "A place the caseworker has ruled out, with a reason, is not shown",
        ChildCase(ruled_out=("out",)),
        (P("kept"), P("out")),
        order=("kept",),
        excluded={"out": ("excluded_by_caseworker",)},
        engine_only="the case records no ruled-out places for the engine (hiding is per user)",
    ),
    # --- Exclusions: practical -------------------------------------------------------------
    LawRow(
        "no_free_place",
        "A place with every approved place held has no room",
        ChildCase(),
        (P("free", places=1), P("full", places=1, taken=1)),
        order=("free",),
        excluded={"full": ("no_free_capacity",)},
    ),
    LawRow(
        "sibling_group_places",
        "§52: siblings placed together need a free place each, and get the siblings' bonus",
        ChildCase(group_size=2),
        (P("two", places=2), P("one", places=1)),
        order=("two",),
        excluded={"one": ("no_free_capacity",)},
        lines={"two": (Line("siblings_together", {"how": "group"}),)},
    ),
    LawRow(
        "vacancy_expired",
        "A vacancy declaration past its end no longer offers the place",
        ChildCase(),
        (P("fresh"), P("expired", declared_days_ago=20, expires_in_days=-1)),
        order=("fresh",),
        excluded={"expired": ("vacancy_expired",)},
    ),
    LawRow(
        "vacancy_fresh",
        "A vacancy declared longer ago than the policy allows, or never, is stale",
        ChildCase(),
        (
            P("fresh"),
            P("old", declared_days_ago=40, expires_in_days=10),
            P("none", declared_days_ago=None),
        ),
        order=("fresh",),
        excluded={"old": ("vacancy_stale",), "none": ("vacancy_stale",)},
    ),
    LawRow(
        "practical_included",
        "Practical reasons exclude only unless the run includes such places",
        ChildCase(),
        (P("a"), P("b", declared_days_ago=40, expires_in_days=10)),
        order=("a", "b"),  # equal scores: by id
        include_practical=True,
    ),
    LawRow(
        "acute_intake",
        "An acute placement needs a place that takes children at short notice",
        ChildCase(acute=True),
        (P("home", type=HOME), P("family", type=FAMILY)),
        order=("home",),
        excluded={"family": ("no_acute_intake",)},
    ),
    # --- Factors ---------------------------------------------------------------------------
    LawRow(
        "capacity_gap",
        "Capacity below the need costs points, more for a bigger gap",
        ChildCase(needs={**ALL_MODERATE, "safe_care": "high"}),
        (
            P("enough"),
            P("one", capacity={"safe_care": "moderate"}),
            P("two", capacity={"safe_care": "light"}),
        ),
        order=("enough", "one", "two"),
        factors=("need_shortfall",),
        lines={
            "one": (Line("need_shortfall", {"dimension": "safe_care", "open_levels": 1}),),
            "two": (Line("need_shortfall", {"dimension": "safe_care", "open_levels": 2}),),
        },
    ),
    LawRow(
        "unassessed_need",
        "An unassessed need counts as the policy's assumed level (high)",
        ChildCase(needs={k: v for k, v in ALL_MODERATE.items() if k != "health"}),
        (P("high"), P("moderate", capacity={"health": "moderate"})),
        order=("high", "moderate"),
        factors=("need_shortfall",),
        lines={"moderate": (Line("need_shortfall", {"dimension": "health", "open_levels": 1}),)},
    ),
    LawRow(
        "support_closes_gap",
        "Seed 002: support closes a foster family's gap, at a small cost for relying on it",
        ChildCase(needs={**ALL_MODERATE, "safe_care": "high"}),
        (
            P("able", type=FAMILY),
            P(
                "supported",
                type=FAMILY,
                capacity={"safe_care": "moderate"},
                support=(("institution_supervision", ("safe_care",)),),
            ),
            P("alone", type=FAMILY, capacity={"safe_care": "moderate"}),
        ),
        order=("able", "supported", "alone"),
        factors=("need_shortfall", "support_reliance"),
        lines={
            "supported": (
                Line("support_reliance", {"dimension": "safe_care", "closed_levels": 1}),
            ),
            "alone": (Line("need_shortfall", {"dimension": "safe_care", "open_levels": 1}),),
        },
    ),
    LawRow(
        "outside_target_groups",
        "A moderate need outside every target group of the approval costs points",
        ChildCase(tags=("anxiety_depression",)),
        (P("covered", targets=("anxiety_depression",)), P("outside", targets=("adhd",))),
        order=("covered", "outside"),
        factors=("outside_target_groups",),
        lines={
            "covered": (Line("outside_target_groups", {"outside": ()}),),
            "outside": (Line("outside_target_groups", {"outside": ("anxiety_depression",)}),),
        },
    ),
    LawRow(
        "wish_animals",
        "§5: the child's wish for animals, scored",
        ChildCase(wishes=(WishCase("animals", animals="wants_animals"),)),
        (P("animals", animals=True), P("none")),
        order=("animals", "none"),
        factors=("wishes",),
        lines={
            "animals": (Line("wishes", {"kind": "animals", "met": 1000}),),
            "none": (Line("wishes", {"kind": "animals", "met": 0}),),
        },
    ),
    LawRow(
        "wish_country",
        "§5: the child's wish to live in the country, scored",
        ChildCase(wishes=(WishCase("town_or_country", setting="country"),)),
        (P("country", setting="country"), P("town")),
        order=("country", "town"),
        factors=("wishes",),
        lines={"town": (Line("wishes", {"kind": "town_or_country", "met": 0}),)},
    ),
    LawRow(
        "wish_live_near",
        "§5: the child's wish to live near a place, scored by distance",
        ChildCase(wishes=(WishCase("live_near", postcode="8600"),)),
        (P("near", postcode="8600"), P("far", postcode="9000")),
        order=("near", "far"),
        factors=("wishes",),
        lines={
            "near": (Line("wishes", {"kind": "live_near", "met": 1000}),),
            "far": (Line("wishes", {"kind": "live_near", "met": 0}),),
        },
    ),
    LawRow(
        "wish_friends",
        "§5: the child's wish to stay near friends, scored by distance",
        ChildCase(wishes=(WishCase("friends", postcode="8600"),)),
        (P("near", postcode="8600"), P("far", postcode="9000")),
        order=("near", "far"),
        factors=("wishes",),
        lines={"far": (Line("wishes", {"kind": "friends", "met": 0}),)},
    ),
    LawRow(
        "wish_school",
        "§52 stk. 4 and §5: the child's wish to keep the school, beside the school's distance",
        ChildCase(school="8600", wishes=(WishCase("school"),)),
        (P("near", postcode="8600"), P("far", postcode="9000")),
        order=("near", "far"),
        factors=("wishes", "school_distance"),
        lines={"far": (Line("wishes", {"kind": "school", "met": 0}),)},
    ),
    LawRow(
        "wish_siblings",
        "§5: the child's wish to live with a sibling, met where the sibling lives",
        ChildCase(sibling_lives_at="there", wishes=(WishCase("siblings"),)),
        (P("apart"), P("there")),
        order=("there", "apart"),
        factors=("wishes", "siblings_together"),
        lines={
            "there": (Line("wishes", {"kind": "siblings", "met": 1000}),),
            "apart": (Line("wishes", {"kind": "siblings", "met": 0}),),
        },
    ),
    LawRow(
        "wish_weights",
        "Each wish counts by its importance, one line per wish",
        ChildCase(
            wishes=(
                WishCase("animals", importance="high", animals="wants_animals"),
                WishCase("town_or_country", importance="low", setting="country"),
            )
        ),
        (P("animals", animals=True), P("country", setting="country")),
        order=("animals", "country"),
        factors=("wishes",),
        lines={
            "animals": (
                Line("wishes", {"wish": 0, "met": 1000}),
                Line("wishes", {"wish": 1, "met": 0}),
            ),
            "country": (
                Line("wishes", {"wish": 0, "met": 0}),
                Line("wishes", {"wish": 1, "met": 1000}),
            ),
        },
    ),
    LawRow(
        "sibling_already_there",
        "§52: siblings are placed together; a place where a sibling lives scores higher",
        ChildCase(sibling_lives_at="there"),
        (P("apart"), P("there")),
        order=("there", "apart"),
        factors=("siblings_together",),
        lines={
            "there": (Line("siblings_together", {"how": "already_there"}),),
            "apart": (Line("siblings_together", {"how": "elsewhere"}),),
        },
    ),
    LawRow(
        "own_network_family",
        "§43: the child's own network family scores its bonus and needs no vacancy declaration",
        ChildCase(),
        (
            P("general", type=FAMILY),
            P(
                "network",
                type="foster_family_network",
                network_for=THIS_CHILD,
                declared_days_ago=None,
            ),
        ),
        order=("network", "general"),
        factors=("network_placement",),
        lines={"network": (Line("network_placement"),)},
    ),
    LawRow(
        "school_kept",
        "§52: a change of school is avoided where possible",
        ChildCase(school="8600"),
        (P("near", postcode="8600"), P("middle", postcode="8680"), P("far", postcode="9000")),
        order=("near", "middle", "far"),
        factors=("school_distance",),
        lines={"near": (Line("school_distance", {"distance_m": 0}),)},
    ),
    LawRow(
        "parents_near",
        "§§103-104: contact with the parents, easier nearby",
        ChildCase(parents=("8600",)),
        (P("near", postcode="8600"), P("far", postcode="9000")),
        order=("near", "far"),
        factors=("parents_distance",),
        lines={"far": (Line("parents_distance", {"parents": 1}),)},
    ),
    LawRow(
        "non_disclosure",
        "§105: under non-disclosure nothing steers the child towards the parents",
        ChildCase(parents=("8600",), non_disclosure=True),
        (P("a_far", postcode="9000"), P("b_near", postcode="8600")),
        order=("a_far", "b_near"),  # equal scores: by id, the parents' distance left out
    ),
    LawRow(
        "network_near",
        "§52: stable relations; the child's network nearby",
        ChildCase(network=("8600",)),
        (P("near", postcode="8600"), P("far", postcode="9000")),
        order=("near", "far"),
        factors=("network_distance",),
        lines={"near": (Line("network_distance", {"distance_m": 0}),)},
    ),
    LawRow(
        "younger_children_safe",
        "A child whose behaviour may put younger children at risk is not placed with them",
        ChildCase(age=12, tags=("violence",)),
        (
            P("older", targets=("violence",), children_ages=(14,)),
            P("younger", targets=("violence",), children_ages=(5,)),
        ),
        order=("older", "younger"),
        factors=("household_safety",),
        lines={"younger": (Line("household_safety", {"younger_children": True}),)},
    ),
    LawRow(
        "household_size",
        "A child who can live with few other children",
        ChildCase(max_other_children=1),
        (P("small", children_ages=(8,)), P("big", children_ages=(8, 9, 11))),
        order=("small", "big"),
        factors=("household_size",),
        lines={"big": (Line("household_size", {"children_count": 3, "max_other_children": 1}),)},
    ),
    LawRow(
        "animal_allergy",
        "A child allergic to animals",
        ChildCase(animal_allergy=True),
        (P("clean"), P("pets", animals=True)),
        order=("clean", "pets"),
        factors=("household_animals",),
        lines={"pets": (Line("household_animals", {"animals": True}),)},
    ),
    LawRow(
        "cultural_continuity",
        "UN CRC art. 20(3): continuity of language, culture and religion",
        ChildCase(continuity=("arabisk",)),
        (P("speaks", languages=("arabisk",)), P("not")),
        order=("speaks", "not"),
        factors=("cultural_continuity",),
        lines={"not": (Line("cultural_continuity", {"recorded": 1, "continued": 0}),)},
        engine_only="the case records no language, culture or religion to continue",
    ),
)


# Building the engine's models from a row ----------------------------------------------------


def point(postcode: str) -> dict[str, float]:
    lat, lon = POSTCODES[postcode]
    return {"lat": lat, "lon": lon}


def birth_date(age: int, day: datetime.date) -> datetime.date:
    """A birthday a month past, ``age`` years ago."""
    return day.replace(year=day.year - age) - datetime.timedelta(days=30)


def child_profile(row: LawRow) -> ChildProfile:
    c = row.child
    data: dict[str, Any] = {
        "id": "child",
        "birth_date": birth_date(c.age, REF),
        "needs": dict(c.needs),
        "need_tags": c.tags,
        "wishes": [
            {
                "kind": w.kind,
                "importance": w.importance,
                **({"location": point(w.postcode)} if w.postcode else {}),
                **({"setting": w.setting} if w.setting else {}),
                **({"animals": w.animals} if w.animals else {}),
            }
            for w in c.wishes
        ],
        "sibling_group_id": "group" if c.group_size > 1 else None,
        "sibling_group_size": c.group_size,
        "siblings_placed_at": (c.sibling_lives_at,) if c.sibling_lives_at else (),
        "school_location": point(c.school) if c.school else None,
        "parent_locations": [point(p) for p in c.parents],
        "network_locations": [point(p) for p in c.network],
        "required_forms": [f for f in c.forms if not f.startswith("foster_family_")],
        "required_types": [f for f in c.forms if f.startswith("foster_family_")],
        "acute": c.acute,
        "secure_unit_needed": c.secure_unit_needed,
        "partly_closed_unit_allowed": c.partly_closed_unit_allowed,
        "non_disclosure": c.non_disclosure,
        "animal_allergy": c.animal_allergy,
        "max_other_children": c.max_other_children,
        "gender": c.gender or None,
        "exclusions": [{"place_id": key, "reason": "Kender barnet"} for key in c.ruled_out],
        "continuity": [
            {"aspect": "language", "value": lang, "reason": "Barnets sprog"}
            for lang in c.continuity
        ],
    }
    return ChildProfile.model_validate(data)


def place_profile(place: PlaceCase) -> PlaceProfile:
    ended = place.approval_ended_days_ago
    declared = place.declared_days_ago
    ages = sorted(place.children_ages)
    named = {THIS_CHILD: "child", OTHER_CHILD: "other-child"}.get(place.network_for)
    data: dict[str, Any] = {
        "id": place.key,
        "type": place.type,
        "approval": {
            "target_groups": place.targets,
            "min_age": place.ages[0],
            "max_age": place.ages[1],
            "places": place.places,
            "valid_from": datetime.date(2020, 1, 1),
            "valid_until": None if ended is None else REF - datetime.timedelta(days=ended),
            "named_child_id": named,
            "gender_rule": {
                "genders": place.genders,
                "source": "approval_target_group",
                "reason": "Godkendt til drenge",
            }
            if place.genders
            else None,
        },
        "free_places": place.places - place.taken,
        "vacancy": None
        if declared is None
        else {
            "declared_on": REF - datetime.timedelta(days=declared),
            "expires_on": REF + datetime.timedelta(days=place.expires_in_days),
        },
        "capacity": {**{d.value: "high" for d in Dimension}, **place.capacity},
        "household": {
            "children_count": len(ages),
            "youngest_child_age": ages[0] if ages else None,
            "animals": place.animals,
            "setting": place.setting,
            "continuity": [{"aspect": "language", "value": lang} for lang in place.languages],
        },
        "location": point(place.postcode),
        "support_arrangements": [
            # As the adapter raises them: high behind an institution, else moderate.
            {"kind": kind, "dimensions": dims, "raises_to": "high"}
            for kind, dims in place.support
        ],
        # Institutions take acute intake; foster families only when they declare it.
        "accepts_acute": not place.type.startswith("foster_family"),
    }
    return PlaceProfile.model_validate(data)


# The table, run ------------------------------------------------------------------------------


def _has_line(factors: tuple[Any, ...], line: Line) -> bool:
    return any(
        f.code.value == line.code and all(f.params.get(k) == v for k, v in line.params.items())
        for f in factors
    )


def _per_code(factors: tuple[Any, ...]) -> dict[str, int]:
    sums: dict[str, int] = {}
    for f in factors:
        sums[f.code.value] = sums.get(f.code.value, 0) + f.contribution_milli
    return sums


def test_every_constraint_and_factor_has_a_row():
    excluded = {code for row in ROWS for codes in row.excluded.values() for code in codes}
    factored = {code for row in ROWS for code in row.factors}
    factored |= {line.code for row in ROWS for lines in row.lines.values() for line in lines}
    assert excluded == {c.value for c in ConstraintCode}
    assert factored == {c.value for c in FactorCode}
    assert len({row.id for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_law_row(row: LawRow) -> None:
    child = child_profile(row)
    places = [place_profile(p) for p in row.places]
    expected, reasons = rank_reference(child, places, REF, POLICY, row.include_practical)

    # The order, and the reasons each left-out place has: its own rule's, nothing else.
    assert [pid for pid, _ in expected] == list(row.order), row.rule
    assert {pid for pid in reasons if pid not in row.order} == set(row.excluded), row.rule
    for key, codes in row.excluded.items():
        assert [r.code.value for r in reasons[key]] == list(codes), row.rule
    for key in row.order:
        allowed = ConstraintKind.PRACTICAL if row.include_practical else None
        assert all(r.kind is allowed for r in reasons[key]), row.rule
    scores = [score for _, score in expected]
    if row.factors:
        assert scores == sorted(set(scores), reverse=True), "the order is not by score alone"
    else:
        assert len(set(scores)) == 1, "places that differ only by an exclusion score the same"

    # The vectorised index agrees: the same ranking, scores and reasons.
    outcome = rank_child(
        PlaceIndex(places),
        child,
        reference_date=REF,
        policy=POLICY,
        include_practical=row.include_practical,
    )
    assert [(r.place_id, r.score_milli) for r in outcome.ranked()] == expected
    assert {e.place_id: list(e.reasons) for e in outcome.excluded()} == {
        key: reasons[key] for key in row.excluded
    }

    # The explanation holds the row's lines, and the places differ only on the row's factors.
    explained = {e.place_id: e.factors for e in outcome.top}
    by_key = {p.id: p for p in places}
    for key, lines in row.lines.items():
        factors = evaluate(child, by_key[key], REF, POLICY).factors
        if key in explained:
            assert explained[key] == factors
        for line in lines:
            assert _has_line(factors, line), (row.rule, key, line)
    sums = [_per_code(explained[key]) for key in row.order]
    seen: set[str] = set().union(*sums)
    differing = {code for code in seen if len({s.get(code, 0) for s in sums}) > 1}
    assert differing == set(row.factors), row.rule
    if row.include_practical:
        flagged = [e for e in outcome.top if e.practical_reasons]
        assert [e.place_id for e in flagged] == [k for k in row.order if reasons[k]]
