# SPDX-License-Identifier: MPL-2.0
"""Constraints and scoring for one child and one place: the explainer and the test oracle."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from matchengine.models import ChildProfile, Coordinates, PlaceProfile, Wish
from matchengine.policy import Policy
from matchengine.results import Factor, Gap, Notice, Params, Reason, SupportItem
from matchengine.vocab import (
    CONSTRAINT_KIND,
    HEAVY_NEED_TAGS,
    HOUSEHOLD_RISK_TAGS,
    NEED_TAG_DIMENSION,
    PLACE_FORM,
    SCORED_WISH_KINDS,
    SUGGESTED_SUPPORT,
    SUPPORT_LEVEL_RANK,
    TARGET_GROUP_MIN_LEVEL,
    WISH_IMPORTANCE_WEIGHT,
    AnimalWish,
    ConstraintCode,
    ConstraintKind,
    Dimension,
    FactorCode,
    NeedTag,
    NoticeCode,
    PlaceType,
    SupportKind,
    SupportLevel,
    WishKind,
)

LEVELS: tuple[SupportLevel, ...] = tuple(SUPPORT_LEVEL_RANK)
DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
RESTRICTIVE_TYPES = frozenset({PlaceType.SECURE_UNIT, PlaceType.PARTLY_CLOSED_UNIT})


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Whole metres on the flat projection; the vectorised index does the same operations."""
    dx = b[0] - a[0]
    dy = b[1] - a[1]
    return int(math.sqrt(dx * dx + dy * dy) * 1000.0)


def fade_milli(d_m: int, points: int, free_km: int, span_km: int) -> int:
    """Points lost, in milli-points: none within free_km, all of them span_km further out."""
    span = span_km * 1000
    excess = min(max(d_m - free_km * 1000, 0), span)
    return points * 1000 * excess // span


def need_rank(level: SupportLevel, policy: Policy) -> int:
    """Conservative: an unassessed need counts as the policy's assumed level."""
    if level is SupportLevel.NOT_ASSESSED:
        return SUPPORT_LEVEL_RANK[policy.not_assessed_need_level]
    return SUPPORT_LEVEL_RANK[level]


def capacity_rank(level: SupportLevel) -> int:
    """Conservative: unassessed capacity counts as none."""
    return 0 if level is SupportLevel.NOT_ASSESSED else SUPPORT_LEVEL_RANK[level]


def target_group_needs(child: ChildProfile, policy: Policy) -> tuple[NeedTag, ...]:
    """The child's specific needs that an approval should name: moderate or higher on their
    dimension (an unassessed dimension counts as the policy's assumed level), in code order."""
    low = SUPPORT_LEVEL_RANK[TARGET_GROUP_MIN_LEVEL]
    return tuple(
        tag
        for tag in NeedTag
        if tag in child.need_tags
        and need_rank(child.needs.get(NEED_TAG_DIMENSION[tag], SupportLevel.NOT_ASSESSED), policy)
        >= low
    )


def support_ranks(place: PlaceProfile) -> dict[Dimension, tuple[int, tuple[SupportKind, ...]]]:
    """Highest level support arrangements raise each dimension to, and which kinds do it."""
    best: dict[Dimension, tuple[int, tuple[SupportKind, ...]]] = {}
    for arrangement in place.support_arrangements:
        level = SUPPORT_LEVEL_RANK[arrangement.raises_to]
        for dimension in arrangement.dimensions:
            current, kinds = best.get(dimension, (0, ()))
            best[dimension] = (max(current, level), (*kinds, arrangement.kind))
    return best


def _reason(code: ConstraintCode, **params: object) -> Reason:
    return Reason(code=code, kind=CONSTRAINT_KIND[code], params=params)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def check(
    child: ChildProfile, place: PlaceProfile, reference_date: date, policy: Policy
) -> list[Reason]:
    """Every constraint the place fails for this child, legal first, in code order."""
    approval = place.approval
    age = child.age_on(reference_date)
    reasons: list[Reason] = []
    if not child.form_decided(place.type):
        reasons.append(
            _reason(
                ConstraintCode.PLACE_FORM_NOT_REQUIRED,
                place_form=PLACE_FORM[place.type].value,
                place_type=place.type.value,
                required_forms=tuple(sorted(f.value for f in child.required_forms)),
                required_types=tuple(sorted(t.value for t in child.required_types)),
            )
        )
    if not approval.min_age <= age <= approval.max_age:
        reasons.append(
            _reason(
                ConstraintCode.AGE_OUTSIDE_APPROVAL,
                age=age,
                min_age=approval.min_age,
                max_age=approval.max_age,
            )
        )
    until = approval.valid_until
    if approval.valid_from > reference_date or (until is not None and until < reference_date):
        reasons.append(
            _reason(
                ConstraintCode.APPROVAL_NOT_VALID,
                valid_from=_iso(approval.valid_from),
                valid_until=_iso(until),
            )
        )
    own_network = approval.named_child_id == child.id
    if place.type is PlaceType.FOSTER_FAMILY_NETWORK and not own_network:
        reasons.append(_reason(ConstraintCode.NETWORK_APPROVAL_OTHER_CHILD))
    if child.secure_unit_needed and place.type is not PlaceType.SECURE_UNIT:
        reasons.append(_reason(ConstraintCode.SECURE_UNIT_NEEDED, place_type=place.type.value))
    if (place.type is PlaceType.SECURE_UNIT and not child.secure_unit_needed) or (
        place.type is PlaceType.PARTLY_CLOSED_UNIT and not child.partly_closed_unit_allowed
    ):
        reasons.append(
            _reason(ConstraintCode.RESTRICTIVE_UNIT_WITHOUT_DECISION, place_type=place.type.value)
        )
    missing = sorted(
        t.value for t in set(child.need_tags) & HEAVY_NEED_TAGS if t not in approval.target_groups
    )
    if missing:
        reasons.append(_reason(ConstraintCode.TARGET_GROUP_NOT_COVERED, missing=tuple(missing)))
    rule = approval.gender_rule
    if rule is not None and (child.gender is None or child.gender not in rule.genders):
        reasons.append(
            _reason(
                ConstraintCode.GENDER_RESTRICTION,
                allowed=tuple(sorted(g.value for g in rule.genders)),
                source=rule.source.value,
            )
        )
    for exclusion in child.exclusions:
        if exclusion.place_id == place.id:
            reasons.append(_reason(ConstraintCode.EXCLUDED_BY_CASEWORKER, reason=exclusion.reason))
            break
    if place.free_places < child.sibling_group_size:
        reasons.append(
            _reason(
                ConstraintCode.NO_FREE_CAPACITY,
                free_places=place.free_places,
                needed=child.sibling_group_size,
            )
        )
    # A network family is approved for this one child, so it has no vacancy to go stale.
    if not own_network:
        vacancy = place.vacancy
        if vacancy is not None and vacancy.expires_on < reference_date:
            reasons.append(
                _reason(ConstraintCode.VACANCY_EXPIRED, expires_on=vacancy.expires_on.isoformat())
            )
        if (
            vacancy is None
            or vacancy.declared_on > reference_date
            or (reference_date - vacancy.declared_on).days > policy.vacancy_max_age_days
        ):
            reasons.append(
                _reason(
                    ConstraintCode.VACANCY_STALE,
                    declared_on=None if vacancy is None else vacancy.declared_on.isoformat(),
                    max_age_days=policy.vacancy_max_age_days,
                )
            )
    if child.acute and not place.accepts_acute:
        reasons.append(_reason(ConstraintCode.NO_ACUTE_INTAKE))
    return reasons


def is_included(reasons: list[Reason], include_practical: bool) -> bool:
    """Legal reasons always exclude; practical ones only unless the request includes them."""
    if include_practical:
        return all(r.kind is ConstraintKind.PRACTICAL for r in reasons)
    return not reasons


@dataclass(frozen=True)
class Evaluation:
    """One place's score and its explanation."""

    score_milli: int
    factors: tuple[Factor, ...]
    gaps: tuple[Gap, ...]
    suggested_support: tuple[SupportItem, ...]
    notices: tuple[Notice, ...]


def _gaps(child: ChildProfile, place: PlaceProfile, policy: Policy) -> list[Gap]:
    support = support_ranks(place)
    assumed = SUPPORT_LEVEL_RANK[policy.not_assessed_need_level]
    gaps: list[Gap] = []
    for dimension in DIMENSIONS:
        raised, kinds = support.get(dimension, (0, ()))
        gaps.append(
            _gap(
                dimension,
                child.needs.get(dimension, SupportLevel.NOT_ASSESSED),
                place.capacity.get(dimension, SupportLevel.NOT_ASSESSED),
                raised,
                kinds,
                assumed,
            )
        )
    return gaps


@lru_cache(maxsize=4096)
def _gap(
    dimension: Dimension,
    need: SupportLevel,
    capacity: SupportLevel,
    raised: int,
    kinds: tuple[SupportKind, ...],
    assumed_need: int,
) -> Gap:
    """One dimension's gap; the few distinct gaps are built once, as they are immutable."""
    need_r = assumed_need if need is SupportLevel.NOT_ASSESSED else SUPPORT_LEVEL_RANK[need]
    cap_r = capacity_rank(capacity)
    eff_r = max(cap_r, raised)
    gap = max(0, need_r - cap_r)
    open_levels = max(0, need_r - eff_r)
    return Gap(
        dimension=dimension,
        need=need,
        need_used=LEVELS[need_r],
        capacity=capacity,
        effective_capacity=LEVELS[eff_r],
        gap_levels=gap,
        open_levels=open_levels,
        closed_by=tuple(sorted(set(kinds))) if gap > open_levels else (),
    )


def wish_check(
    wish: Wish, child: ChildProfile, place: PlaceProfile, policy: Policy
) -> tuple[int, int | None] | None:
    """How far a place meets a wish, 0–1000, with the distance in metres when the wish is about
    a place; None when the engine cannot judge it (shown, never scored)."""
    if not wish.scored or wish.kind not in SCORED_WISH_KINDS:
        return None
    here = place.location.xy_km()
    targets: tuple[Coordinates, ...] = ()
    if wish.kind is WishKind.SCHOOL:
        targets = () if child.school_location is None else (child.school_location,)
    elif wish.kind in (WishKind.LIVE_NEAR, WishKind.FRIENDS):
        targets = (wish.location,) if wish.location is not None else ()
        if wish.kind is WishKind.FRIENDS and not targets:
            targets = child.network_locations
    elif wish.kind is WishKind.SIBLINGS:
        if child.sibling_group_size > 1:
            return 1000, None
        if not child.siblings_placed_at:
            return None
        return (1000 if place.id in child.siblings_placed_at else 0), None
    elif wish.kind is WishKind.ANIMALS:
        wants = wish.animals is AnimalWish.WANTS_ANIMALS
        return (1000 if place.household.animals == wants else 0), None
    else:
        return (1000 if place.household.setting == wish.setting else 0), None
    if not targets:
        return None
    d_m = min(distance_m(here, t.xy_km()) for t in targets)
    return 1000 - fade_milli(d_m, 1, policy.wish_free_km, policy.wish_span_km), d_m


def wish_satisfaction(
    wish: Wish, child: ChildProfile, place: PlaceProfile, policy: Policy
) -> int | None:
    """How far a place meets a wish, 0–1000; None when the engine cannot judge it."""
    checked = wish_check(wish, child, place, policy)
    return None if checked is None else checked[0]


def wish_points_milli(points: int, weight: int, met: int, total_weight: int) -> int:
    """Milli-points one wish costs: its importance's share of the wish points, as far as unmet.

    Each wish is rounded down on its own, so the lines of an explanation add up to the score.
    """
    return points * 1000 * weight * (1000 - met) // (1000 * total_weight)


def evaluate(
    child: ChildProfile, place: PlaceProfile, reference_date: date, policy: Policy
) -> Evaluation:
    """Score and explain a place for a child (constraints are checked separately)."""
    factors: list[Factor] = []
    notices: list[Notice] = []

    def add(code: FactorCode, contribution: int, **params: object) -> None:
        factors.append(Factor(code=code, contribution_milli=contribution, params=params))

    gaps = _gaps(child, place, policy)
    for g in gaps:
        weight = policy.dimension_weights[g.dimension]
        if g.open_levels:
            table = policy.shortfall_points[g.open_levels - 1]
            add(
                FactorCode.NEED_SHORTFALL,
                -(table * 10 * weight),
                dimension=g.dimension.value,
                open_levels=g.open_levels,
            )
        if g.gap_levels > g.open_levels:
            closed = g.gap_levels - g.open_levels
            add(
                FactorCode.SUPPORT_RELIANCE,
                -(policy.support_reliance_points * 10 * weight * closed),
                dimension=g.dimension.value,
                closed_levels=closed,
            )
    counted = target_group_needs(child, policy)
    if counted:
        outside = tuple(t.value for t in counted if t not in place.approval.target_groups)
        add(
            FactorCode.OUTSIDE_TARGET_GROUPS,
            -(policy.target_group_points * 1000 * len(outside)),
            needs=tuple(t.value for t in counted),
            outside=outside,
        )
    scored: list[tuple[int, Wish, int, int | None]] = []
    for position, wish in enumerate(child.wishes):
        checked = wish_check(wish, child, place, policy)
        if checked is None:
            notices.append(Notice(code=NoticeCode.WISH_NOT_SCORED, params={"wish": position}))
        else:
            scored.append((position, wish, *checked))
    total_weight = sum(WISH_IMPORTANCE_WEIGHT[wish.importance] for _, wish, _, _ in scored)
    # One line per wish the engine can judge, so each shows whether it is met and what it costs.
    for position, wish, met, d_m in scored:
        weight = WISH_IMPORTANCE_WEIGHT[wish.importance]
        add(
            FactorCode.WISHES,
            -wish_points_milli(policy.wishes_points, weight, met, total_weight),
            wish=position,
            kind=wish.kind.value,
            importance=wish.importance.value,
            met=met,
            distance_m=d_m,
        )
    if child.sibling_group_size > 1:
        add(FactorCode.SIBLINGS_TOGETHER, policy.siblings_together_points * 1000, how="group")
    elif child.siblings_placed_at:
        there = place.id in child.siblings_placed_at
        add(
            FactorCode.SIBLINGS_TOGETHER,
            policy.siblings_together_points * 1000 if there else 0,
            how="already_there" if there else "elsewhere",
        )
    if place.approval.named_child_id == child.id:
        add(FactorCode.NETWORK_PLACEMENT, policy.network_placement_points * 1000)
    here = place.location.xy_km()
    if child.school_location is not None:
        d_m = distance_m(here, child.school_location.xy_km())
        fade = fade_milli(d_m, policy.school_points, policy.school_free_km, policy.school_span_km)
        add(FactorCode.SCHOOL_DISTANCE, -fade, distance_m=d_m)
    # Under non-disclosure (§§103–105) nothing may steer the child towards the parents.
    if child.parent_locations and not child.non_disclosure:
        fades = [
            fade_milli(
                distance_m(here, p.xy_km()),
                policy.parents_points,
                policy.parents_free_km,
                policy.parents_span_km,
            )
            for p in child.parent_locations
        ]
        add(FactorCode.PARENTS_DISTANCE, -(sum(fades) // len(fades)), parents=len(fades))
    if child.network_locations:
        d_m = min(distance_m(here, n.xy_km()) for n in child.network_locations)
        fade = fade_milli(
            d_m, policy.network_points, policy.network_free_km, policy.network_span_km
        )
        add(FactorCode.NETWORK_DISTANCE, -fade, distance_m=d_m)
    household = place.household
    age = child.age_on(reference_date)
    if set(child.need_tags) & HOUSEHOLD_RISK_TAGS:
        younger = household.youngest_child_age is not None and household.youngest_child_age < age
        add(
            FactorCode.HOUSEHOLD_SAFETY,
            -(policy.household_safety_points * 1000) if younger else 0,
            younger_children=younger,
        )
    if child.max_other_children is not None:
        extra = max(0, household.children_count - child.max_other_children)
        add(
            FactorCode.HOUSEHOLD_SIZE,
            -(policy.household_size_points * 1000 * extra),
            children_count=household.children_count,
            max_other_children=child.max_other_children,
        )
    if child.animal_allergy:
        add(
            FactorCode.HOUSEHOLD_ANIMALS,
            -(policy.household_animals_points * 1000) if household.animals else 0,
            animals=household.animals,
        )
    if child.continuity:
        offers = {(o.aspect, o.value.casefold()) for o in household.continuity}
        unmatched = sum((c.aspect, c.value.casefold()) not in offers for c in child.continuity)
        add(
            FactorCode.CULTURAL_CONTINUITY,
            -(policy.cultural_continuity_points * 1000 * unmatched // len(child.continuity)),
            recorded=len(child.continuity),
            continued=len(child.continuity) - unmatched,
        )
    _place_notices(child, place, gaps, notices)
    suggestions = tuple(
        _support_item(g.dimension, g.effective_capacity, g.need_used) for g in gaps if g.open_levels
    )
    total = policy.base_points * 1000 + sum(f.contribution_milli for f in factors)
    return Evaluation(total, tuple(factors), tuple(gaps), suggestions, tuple(notices))


@lru_cache(maxsize=1024)
def _support_item(
    dimension: Dimension, from_level: SupportLevel, to_level: SupportLevel
) -> SupportItem:
    """Support that would close an open gap; immutable, so each distinct item is built once."""
    return SupportItem(
        dimension=dimension,
        from_level=from_level,
        to_level=to_level,
        suggested=SUGGESTED_SUPPORT[dimension],
    )


def _place_notices(
    child: ChildProfile, place: PlaceProfile, gaps: list[Gap], notices: list[Notice]
) -> None:
    unassessed_need = tuple(g.dimension.value for g in gaps if g.need is SupportLevel.NOT_ASSESSED)
    if unassessed_need:
        notices.append(
            Notice(code=NoticeCode.NEED_NOT_ASSESSED, params={"dimensions": unassessed_need})
        )
    unassessed_capacity = tuple(
        g.dimension.value for g in gaps if g.capacity is SupportLevel.NOT_ASSESSED
    )
    if unassessed_capacity:
        notices.append(
            Notice(
                code=NoticeCode.CAPACITY_NOT_ASSESSED, params={"dimensions": unassessed_capacity}
            )
        )
    if place.enhanced_supervision:
        notices.append(Notice(code=NoticeCode.ENHANCED_SUPERVISION))
    if place.supervision_order:
        notices.append(Notice(code=NoticeCode.SUPERVISION_ORDER))


def rank_reference(
    child: ChildProfile,
    places: tuple[PlaceProfile, ...] | list[PlaceProfile],
    reference_date: date,
    policy: Policy,
    include_practical: bool = False,
) -> tuple[list[tuple[str, int]], dict[str, list[Reason]]]:
    """Plain per-object ranking: ([(place_id, score)] best first, {place_id: reasons})."""
    ranked: list[tuple[str, int]] = []
    reasons_by_place: dict[str, list[Reason]] = {}
    for place in places:
        reasons = check(child, place, reference_date, policy)
        reasons_by_place[place.id] = reasons
        if is_included(reasons, include_practical):
            ranked.append((place.id, evaluate(child, place, reference_date, policy).score_milli))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked, reasons_by_place


__all__ = [
    "Evaluation",
    "Params",
    "check",
    "evaluate",
    "is_included",
    "rank_reference",
    "wish_check",
]
