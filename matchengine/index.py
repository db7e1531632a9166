# SPDX-License-Identifier: MPL-2.0
"""PlaceIndex: feature arrays built once per place set, so ranking a child is a few array steps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from matchengine.models import ChildProfile, PlaceProfile
from matchengine.policy import Policy
from matchengine.rules import capacity_rank, need_rank, support_ranks, target_group_needs
from matchengine.vocab import (
    HEAVY_NEED_TAGS,
    HOUSEHOLD_RISK_TAGS,
    PLACE_FORM,
    PRACTICAL_CONSTRAINTS,
    SCORED_WISH_KINDS,
    WISH_IMPORTANCE_WEIGHT,
    AnimalWish,
    ConstraintCode,
    Dimension,
    Gender,
    NeedTag,
    PlaceForm,
    PlaceType,
    Setting,
    SupportLevel,
    WishKind,
)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

BIT: dict[ConstraintCode, int] = {code: 1 << i for i, code in enumerate(ConstraintCode)}
PRACTICAL_BITS = sum(BIT[c] for c in PRACTICAL_CONSTRAINTS)
OWN_NETWORK_CLEARS = (
    BIT[ConstraintCode.NETWORK_APPROVAL_OTHER_CHILD]
    | BIT[ConstraintCode.VACANCY_EXPIRED]
    | BIT[ConstraintCode.VACANCY_STALE]
)
TAG_BIT: dict[NeedTag, int] = {tag: 1 << i for i, tag in enumerate(NeedTag)}
GENDER_BIT: dict[Gender, int] = {g: 1 << i for i, g in enumerate(Gender)}
FORMS: tuple[PlaceForm, ...] = tuple(PlaceForm)
TYPES: tuple[PlaceType, ...] = tuple(PlaceType)
DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
NO_END = np.iinfo(np.int32).max
NO_CHILD = 255  # youngest-child sentinel: nobody is younger than every child


def bits_to_codes(bits: int) -> list[ConstraintCode]:
    """Constraint codes set in a reason bit mask, in code order."""
    return [code for code, bit in BIT.items() if bits & bit]


@dataclass(frozen=True)
class Scored:
    """Reasons for every place, and scores for the included ones (positions into the index)."""

    reasons: npt.NDArray[np.uint32]
    included: IntArray
    scores: IntArray


class _Kinds:
    """One row per distinct combination of the fields constraints read (see PlaceIndex._kinds)."""

    def __init__(self, *columns: IntArray) -> None:
        self.type_code = columns[0]
        self.min_age = columns[1]
        self.max_age = columns[2]
        self.free = columns[3]
        self.accepts_acute = columns[4].astype(np.bool_)
        self.target_mask = columns[5].astype(np.uint64)
        self.has_gender_rule = columns[6].astype(np.bool_)
        self.gender_mask = columns[7]


# The per-place columns: each depends on its own place only, so a change to a few places
# computes only their rows (see PlaceIndex.with_changes). The last axis is the place.
ROW_COLUMNS: tuple[str, ...] = (
    "type_code",
    "form_code",
    "min_age",
    "max_age",
    "valid_from",
    "valid_until",
    "target_mask",
    "has_gender_rule",
    "gender_mask",
    "free",
    "has_vacancy",
    "declared",
    "expires",
    "accepts_acute",
    "cap_code",
    "x",
    "y",
    "children_count",
    "youngest",
    "animals",
    "town",
)


def _row_columns(ps: Sequence[PlaceProfile]) -> dict[str, npt.NDArray[Any]]:
    """The columns that depend on one place each, for the places given, in their order."""
    n = len(ps)

    def col(values: Sequence[object], dtype: npt.DTypeLike) -> npt.NDArray[Any]:
        return np.array(values, dtype=dtype).reshape(n)

    rules = [p.approval.gender_rule for p in ps]
    # One small code per place and dimension (inherent * 5 + with support), so need fit
    # is a single 25-entry table lookup per dimension.
    cap = np.zeros((len(DIMENSIONS), n), dtype=np.uint8)
    for i, p in enumerate(ps):
        support = support_ranks(p)
        for d, dimension in enumerate(DIMENSIONS):
            raw = capacity_rank(p.capacity.get(dimension, SupportLevel.NOT_ASSESSED))
            cap[d, i] = raw * 5 + max(raw, support.get(dimension, (0, ()))[0])
    xy = [p.location.xy_km() for p in ps]
    return {
        "type_code": col([TYPES.index(p.type) for p in ps], np.int8),
        "form_code": col([FORMS.index(PLACE_FORM[p.type]) for p in ps], np.int8),
        "min_age": col([p.approval.min_age for p in ps], np.int16),
        "max_age": col([p.approval.max_age for p in ps], np.int16),
        "valid_from": col([p.approval.valid_from.toordinal() for p in ps], np.int32),
        "valid_until": col(
            [NO_END if (u := p.approval.valid_until) is None else u.toordinal() for p in ps],
            np.int32,
        ),
        "target_mask": col(
            [sum(TAG_BIT[t] for t in set(p.approval.target_groups)) for p in ps], np.uint64
        ),
        "has_gender_rule": col([r is not None for r in rules], np.bool_),
        "gender_mask": col(
            [0 if r is None else sum(GENDER_BIT[g] for g in set(r.genders)) for r in rules],
            np.uint8,
        ),
        "free": col([p.free_places for p in ps], np.int16),
        "has_vacancy": col([p.vacancy is not None for p in ps], np.bool_),
        "declared": col(
            [0 if (v := p.vacancy) is None else v.declared_on.toordinal() for p in ps], np.int32
        ),
        "expires": col(
            [0 if (v := p.vacancy) is None else v.expires_on.toordinal() for p in ps], np.int32
        ),
        "accepts_acute": col([p.accepts_acute for p in ps], np.bool_),
        "cap_code": cap,
        "x": col([a for a, _ in xy], np.float64),
        "y": col([b for _, b in xy], np.float64),
        "children_count": col([p.household.children_count for p in ps], np.int16),
        "youngest": col(
            [NO_CHILD if (a := p.household.youngest_child_age) is None else a for p in ps],
            np.int16,
        ),
        "animals": col([p.household.animals for p in ps], np.bool_),
        "town": col([p.household.setting is Setting.TOWN for p in ps], np.bool_),
    }


def _offers(p: PlaceProfile) -> set[tuple[str, str]]:
    return {(o.aspect.value, o.value.casefold()) for o in p.household.continuity}


class PlaceIndex:
    """Column arrays over a fixed tuple of places; never changed once built."""

    type_code: npt.NDArray[np.int8]
    form_code: npt.NDArray[np.int8]
    min_age: npt.NDArray[np.int16]
    max_age: npt.NDArray[np.int16]
    valid_from: npt.NDArray[np.int32]
    valid_until: npt.NDArray[np.int32]
    target_mask: npt.NDArray[np.uint64]
    has_gender_rule: BoolArray
    gender_mask: npt.NDArray[np.uint8]
    free: npt.NDArray[np.int16]
    has_vacancy: BoolArray
    declared: npt.NDArray[np.int32]
    expires: npt.NDArray[np.int32]
    accepts_acute: BoolArray
    cap_code: npt.NDArray[np.uint8]
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    children_count: npt.NDArray[np.int16]
    youngest: npt.NDArray[np.int16]
    animals: BoolArray
    town: BoolArray
    places: tuple[PlaceProfile, ...]
    ids: tuple[str, ...]
    position: dict[str, int]
    id_rank: IntArray
    named_codes: dict[str, int]
    named_child: npt.NDArray[np.int32]
    named_at: list[IntArray]
    continuity: dict[tuple[str, str], IntArray]

    def __init__(self, places: Sequence[PlaceProfile]) -> None:
        ps = tuple(places)
        self._assemble(ps, _row_columns(ps))

    def with_changes(
        self,
        upserts: Sequence[PlaceProfile],
        removals: Iterable[str] = (),
        order: Sequence[str] | None = None,
    ) -> PlaceIndex:
        """A new index with ``upserts`` replacing or adding places and ``removals`` left out.

        Only the changed places' rows are computed; the rest are copied from this index, which
        is left as it was (another request may be reading it). ``order`` is the ids of the new
        index in order; without it, kept places stay where they were and new ones come last.
        Removing an id the index does not hold does nothing. The result equals
        ``PlaceIndex(places)`` over the same places in the same order.
        """
        fresh = {p.id: i for i, p in enumerate(upserts)}
        if len(fresh) != len(upserts):
            raise ValueError("upserts: duplicate place id")
        gone = {pid for pid in removals if pid in self.position}
        if gone & fresh.keys():
            raise ValueError("a place is both changed and removed")
        n_old = len(self.places)
        replaced = [
            (self.position[p.id], i) for i, p in enumerate(upserts) if p.id in self.position
        ]
        grows = len(replaced) < len(upserts)
        if order is None and not grows and not gone:
            # Rows replaced where they are: the ids and what hangs on positions stay the same.
            source = np.arange(n_old, dtype=np.intp)
            for at, i in replaced:
                source[at] = n_old + i
            same_ids = True
        else:
            if order is None:
                order = [pid for pid in self.ids if pid not in gone]
                order += [p.id for p in upserts if p.id not in self.position]
            source = np.empty(len(order), dtype=np.intp)
            for i, pid in enumerate(order):
                new_at = fresh.get(pid)
                if new_at is not None:
                    source[i] = n_old + new_at
                elif pid in gone or (old := self.position.get(pid)) is None:
                    raise ValueError(f"order: {pid!r} is neither kept nor changed")
                else:
                    source[i] = old
            if len(set(order)) != len(order) or np.count_nonzero(source >= n_old) != len(fresh):
                raise ValueError("order: every changed place exactly once, no id twice")
            same_ids = tuple(order) == self.ids
        added = _row_columns(upserts)
        columns = {
            name: np.concatenate([getattr(self, name), added[name]], axis=-1)[..., source]
            for name in ROW_COLUMNS
        }
        if same_ids:
            kept = list(self.places)
            for at, i in replaced:
                kept[at] = upserts[i]
            places = tuple(kept)
        else:
            pool = self.places + tuple(upserts)
            places = tuple(pool[int(s)] for s in source)
        before = [self.places[at] for at, _ in replaced]
        after = [upserts[i] for _, i in replaced]
        result = PlaceIndex.__new__(PlaceIndex)
        result._assemble(
            places,
            columns,
            same=self if same_ids else None,
            same_named=[p.approval.named_child_id for p in before]
            == [p.approval.named_child_id for p in after],
            same_continuity=[_offers(p) for p in before] == [_offers(p) for p in after],
        )
        return result

    def _assemble(
        self,
        ps: tuple[PlaceProfile, ...],
        columns: dict[str, npt.NDArray[Any]],
        same: PlaceIndex | None = None,
        same_named: bool = False,
        same_continuity: bool = False,
    ) -> None:
        """Set the row columns and work out what spans places (positions, groups, kinds).

        ``same`` is an index over the same ids in the same order: its positions are reused,
        and its network and continuity lookups too when no changed place altered them.
        """
        self.places = ps
        n = len(ps)
        for name in ROW_COLUMNS:
            setattr(self, name, columns[name])
        if same is not None:
            self.ids, self.position, self.id_rank = same.ids, same.position, same.id_rank
        else:
            self.ids = tuple(p.id for p in ps)
            self.position = {pid: i for i, pid in enumerate(self.ids)}
            if len(self.position) != n:
                raise ValueError("places: duplicate place id")
            order = sorted(range(n), key=self.ids.__getitem__)
            self.id_rank = np.empty(n, dtype=np.int64)
            self.id_rank[order] = np.arange(n, dtype=np.int64)
        type_code = self.type_code
        self.is_network = type_code == TYPES.index(PlaceType.FOSTER_FAMILY_NETWORK)
        self.is_secure = type_code == TYPES.index(PlaceType.SECURE_UNIT)
        self.is_partly_closed = type_code == TYPES.index(PlaceType.PARTLY_CLOSED_UNIT)
        if same is not None and same_named:
            self.named_codes = same.named_codes
            self.named_child, self.named_at = same.named_child, same.named_at
        else:
            self._named(ps)
        # Approvals share few sets of target groups, so the points for needs outside them are
        # worked out once per distinct set and spread to the places with one gather.
        masks, inverse = np.unique(self.target_mask, return_inverse=True)
        self.target_sets: npt.NDArray[np.uint64] = masks.astype(np.uint64)
        self.target_set = inverse.reshape(n).astype(np.intp)
        if same is not None and same_continuity:
            self.continuity = same.continuity
        else:
            offers: dict[tuple[str, str], list[int]] = {}
            for i, p in enumerate(ps):
                for o in _offers(p):
                    offers.setdefault(o, []).append(i)
            self.continuity = {k: np.array(v, dtype=np.int64) for k, v in offers.items()}
        self._dated_cache: tuple[tuple[int, int], npt.NDArray[np.uint32]] | None = None
        self.kind, self.kind_code = self._kinds()

    def _named(self, ps: tuple[PlaceProfile, ...]) -> None:
        """Network families' named children: a small code each, and where each one's places are."""
        self.named_codes = {}
        named = [p.approval.named_child_id for p in ps]
        for child_id in named:
            if child_id is not None:
                self.named_codes.setdefault(child_id, len(self.named_codes))
        self.named_child = np.array(
            [-1 if c is None else self.named_codes[c] for c in named], dtype=np.int32
        ).reshape(len(ps))
        at: list[list[int]] = [[] for _ in self.named_codes]
        for i, c in enumerate(named):
            if c is not None:
                at[self.named_codes[c]].append(i)
        self.named_at = [np.array(v, dtype=np.int64) for v in at]

    def _kinds(self) -> tuple[_Kinds, npt.NDArray[np.intp]]:
        """Group places by every field the child-dependent constraints read.

        Real place sets have a few thousand such kinds at most, so a child's constraints are
        worked out per kind and spread to the places with one gather.
        """
        heavy_bits = np.uint64(sum(TAG_BIT[t] for t in HEAVY_NEED_TAGS))
        columns = (
            self.type_code.astype(np.int64),
            self.min_age.astype(np.int64),
            self.max_age.astype(np.int64),
            # Sibling groups have at most 8 children, so more free places than 8 act alike.
            np.minimum(self.free, 9).astype(np.int64),
            self.accepts_acute.astype(np.int64),
            (self.target_mask & heavy_bits).astype(np.int64),
            self.has_gender_rule.astype(np.int64),
            self.gender_mask.astype(np.int64),
        )
        if not len(self.places):
            return _Kinds(*(c.copy() for c in columns)), np.zeros(0, dtype=np.intp)
        rows = np.stack(columns, axis=1)
        widths = [int(c.max()).bit_length() for c in columns]
        if min(int(c.min()) for c in columns) >= 0 and sum(widths) <= 62:
            # The columns packed into one number sort as the rows do, and a one-dimensional
            # unique is many times quicker than one over rows.
            key = np.zeros(len(rows), dtype=np.int64)
            for c, width in zip(columns, widths, strict=True):
                key = (key << width) | c
            _, first, code = np.unique(key, return_index=True, return_inverse=True)
            unique = rows[first]
        else:
            unique, code = np.unique(rows, axis=0, return_inverse=True)
        return _Kinds(*(unique[:, j] for j in range(unique.shape[1]))), code.reshape(-1)

    def __len__(self) -> int:
        return len(self.places)

    def nbytes(self) -> int:
        """Bytes held in the feature arrays (not counting the place objects themselves)."""
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray)]
        return sum(a.nbytes for a in arrays) + sum(a.nbytes for a in self.continuity.values())

    def reasons(
        self, child: ChildProfile, reference_date: date, policy: Policy
    ) -> npt.NDArray[np.uint32]:
        """Reason bit mask per place; zero means no constraint fails."""
        age = child.age_on(reference_date)
        k = self.kind
        by_type = np.zeros(len(TYPES), dtype=np.uint32)
        for t, place_type in enumerate(TYPES):
            bits = 0
            if not child.form_decided(place_type):
                bits |= BIT[ConstraintCode.PLACE_FORM_NOT_REQUIRED]
            if place_type is PlaceType.FOSTER_FAMILY_NETWORK:
                bits |= BIT[ConstraintCode.NETWORK_APPROVAL_OTHER_CHILD]
            if child.secure_unit_needed and place_type is not PlaceType.SECURE_UNIT:
                bits |= BIT[ConstraintCode.SECURE_UNIT_NEEDED]
            if (place_type is PlaceType.SECURE_UNIT and not child.secure_unit_needed) or (
                place_type is PlaceType.PARTLY_CLOSED_UNIT and not child.partly_closed_unit_allowed
            ):
                bits |= BIT[ConstraintCode.RESTRICTIVE_UNIT_WITHOUT_DECISION]
            by_type[t] = bits
        kind_bits = by_type[k.type_code]
        self._set(
            kind_bits, (k.min_age > age) | (k.max_age < age), ConstraintCode.AGE_OUTSIDE_APPROVAL
        )
        heavy = sum(TAG_BIT[t] for t in set(child.need_tags) & HEAVY_NEED_TAGS)
        if heavy:
            self._set(
                kind_bits,
                (k.target_mask & np.uint64(heavy)) != np.uint64(heavy),
                ConstraintCode.TARGET_GROUP_NOT_COVERED,
            )
        child_gender = 0 if child.gender is None else GENDER_BIT[child.gender]
        self._set(
            kind_bits,
            k.has_gender_rule & ((k.gender_mask & child_gender) == 0),
            ConstraintCode.GENDER_RESTRICTION,
        )
        self._set(kind_bits, k.free < child.sibling_group_size, ConstraintCode.NO_FREE_CAPACITY)
        if child.acute:
            self._set(kind_bits, ~k.accepts_acute, ConstraintCode.NO_ACUTE_INTAKE)
        # One gather gives every place its kind's bits; then the day's bits and exceptions.
        r = kind_bits[self.kind_code]
        r |= self._dated_reasons(reference_date.toordinal(), policy.vacancy_max_age_days)
        excluded = [
            self.position[e.place_id] for e in child.exclusions if e.place_id in self.position
        ]
        if excluded:
            r[excluded] |= np.uint32(BIT[ConstraintCode.EXCLUDED_BY_CASEWORKER])
        # The child's own network family: approved for it, and with no vacancy to go stale.
        code = self.named_codes.get(child.id)
        if code is not None:
            r[self.named_at[code]] &= np.uint32(~OWN_NETWORK_CLEARS & 0xFFFFFFFF)
        return r

    def _dated_reasons(self, day: int, max_age_days: int) -> npt.NDArray[np.uint32]:
        """Approval validity and vacancy bits for one day; the last day's answer is kept."""
        key = (day, max_age_days)
        cached = self._dated_cache
        if cached is not None and cached[0] == key:
            return cached[1]
        r = np.zeros(len(self.places), dtype=np.uint32)
        self._set(
            r, (self.valid_from > day) | (self.valid_until < day), ConstraintCode.APPROVAL_NOT_VALID
        )
        self._set(r, self.has_vacancy & (self.expires < day), ConstraintCode.VACANCY_EXPIRED)
        stale = ~self.has_vacancy | (self.declared > day) | (day - self.declared > max_age_days)
        self._set(r, stale, ConstraintCode.VACANCY_STALE)
        r.flags.writeable = False
        self._dated_cache = (key, r)
        return r

    @staticmethod
    def _set(r: npt.NDArray[np.uint32], mask: BoolArray, code: ConstraintCode) -> None:
        np.bitwise_or(r, np.uint32(BIT[code]), out=r, where=mask)

    def score(
        self, child: ChildProfile, reference_date: date, policy: Policy, idx: IntArray
    ) -> IntArray:
        """Scores in milli-points for the places at positions ``idx``; mirrors rules.evaluate."""
        s = np.full(len(idx), policy.base_points * 1000, dtype=np.int64)
        for d, dimension in enumerate(DIMENSIONS):
            table = _need_table(
                need_rank(child.needs.get(dimension, SupportLevel.NOT_ASSESSED), policy),
                policy.dimension_weights[dimension],
                policy.shortfall_points,
                policy.support_reliance_points,
            )
            if table.any():
                s += table[self.cap_code[d, idx]]
        counted = target_group_needs(child, policy)
        if counted:
            needed = np.uint64(sum(TAG_BIT[t] for t in counted))
            outside = np.bitwise_count(needed & ~self.target_sets)
            s -= policy.target_group_points * 1000 * outside.astype(np.int64)[self.target_set[idx]]
        x, y = self.x[idx], self.y[idx]
        self._score_wishes(child, policy, idx, x, y, s)
        if child.sibling_group_size > 1:
            s += policy.siblings_together_points * 1000
        elif child.siblings_placed_at:
            there = [self.position[p] for p in child.siblings_placed_at if p in self.position]
            hit = np.zeros(len(self.places), dtype=np.int64)
            hit[there] = policy.siblings_together_points * 1000
            s += hit[idx]
        code = self.named_codes.get(child.id)
        if code is not None:
            s += np.where(self.named_child[idx] == code, policy.network_placement_points * 1000, 0)
        if child.school_location is not None:
            d_m = _dist(x, y, child.school_location.xy_km())
            s -= _fade(d_m, policy.school_points, policy.school_free_km, policy.school_span_km)
        if child.parent_locations and not child.non_disclosure:
            total = np.zeros(len(idx), dtype=np.int64)
            for parent in child.parent_locations:
                d_m = _dist(x, y, parent.xy_km())
                total += _fade(
                    d_m, policy.parents_points, policy.parents_free_km, policy.parents_span_km
                )
            s -= total // len(child.parent_locations)
        if child.network_locations:
            d_m = self._min_dist(x, y, [n.xy_km() for n in child.network_locations])
            s -= _fade(d_m, policy.network_points, policy.network_free_km, policy.network_span_km)
        if set(child.need_tags) & HOUSEHOLD_RISK_TAGS:
            younger = self.youngest[idx] < child.age_on(reference_date)
            s -= np.where(younger, policy.household_safety_points * 1000, 0)
        if child.max_other_children is not None:
            extra = np.maximum(
                self.children_count[idx].astype(np.int64) - child.max_other_children, 0
            )
            s -= policy.household_size_points * 1000 * extra
        if child.animal_allergy:
            s -= np.where(self.animals[idx], policy.household_animals_points * 1000, 0)
        if child.continuity:
            unmatched = np.zeros(len(idx), dtype=np.int64)
            for item in child.continuity:
                hit = np.zeros(len(self.places), dtype=np.bool_)
                positions = self.continuity.get((item.aspect.value, item.value.casefold()))
                if positions is not None:
                    hit[positions] = True
                unmatched += ~hit[idx]
            s -= policy.cultural_continuity_points * 1000 * unmatched // len(child.continuity)
        return s

    def _score_wishes(
        self,
        child: ChildProfile,
        policy: Policy,
        idx: IntArray,
        x: npt.NDArray[np.float64],
        y: npt.NDArray[np.float64],
        s: IntArray,
    ) -> None:
        judged: list[tuple[int, IntArray | int]] = []
        for wish in child.wishes:
            if not wish.scored or wish.kind not in SCORED_WISH_KINDS:
                continue
            met: IntArray | int
            if wish.kind is WishKind.SIBLINGS:
                if child.sibling_group_size > 1:
                    met = 1000
                elif child.siblings_placed_at:
                    there = [
                        self.position[p] for p in child.siblings_placed_at if p in self.position
                    ]
                    hit = np.zeros(len(self.places), dtype=np.int64)
                    hit[there] = 1000
                    met = hit[idx]
                else:
                    continue
            elif wish.kind is WishKind.ANIMALS:
                wants = wish.animals is AnimalWish.WANTS_ANIMALS
                met = np.where(self.animals[idx] == wants, 1000, 0)
            elif wish.kind is WishKind.TOWN_OR_COUNTRY:
                met = np.where(self.town[idx] == (wish.setting is Setting.TOWN), 1000, 0)
            else:
                if wish.kind is WishKind.SCHOOL:
                    targets = (
                        [] if child.school_location is None else [child.school_location.xy_km()]
                    )
                elif wish.location is not None:
                    targets = [wish.location.xy_km()]
                elif wish.kind is WishKind.FRIENDS:
                    targets = [n.xy_km() for n in child.network_locations]
                else:
                    targets = []
                if not targets:
                    continue
                met = 1000 - _fade(
                    self._min_dist(x, y, targets), 1, policy.wish_free_km, policy.wish_span_km
                )
            judged.append((WISH_IMPORTANCE_WEIGHT[wish.importance], met))
        # Each wish is rounded on its own, as rules.wish_points_milli does.
        total_weight = sum(weight for weight, _ in judged)
        for weight, met in judged:
            unmet = 1000 - np.asarray(met, dtype=np.int64)
            s -= policy.wishes_points * 1000 * weight * unmet // (1000 * total_weight)

    @staticmethod
    def _min_dist(
        x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], targets: list[tuple[float, float]]
    ) -> IntArray:
        best = _dist(x, y, targets[0])
        for target in targets[1:]:
            best = np.minimum(best, _dist(x, y, target))
        return best

    def evaluate(
        self,
        child: ChildProfile,
        reference_date: date,
        policy: Policy,
        include_practical: bool = False,
    ) -> Scored:
        """Reasons for all places and scores for the included ones."""
        reasons = self.reasons(child, reference_date, policy)
        blocking = (
            reasons & np.uint32(~PRACTICAL_BITS & 0xFFFFFFFF) if include_practical else reasons
        )
        included = np.flatnonzero(blocking == 0)
        return Scored(reasons, included, self.score(child, reference_date, policy, included))

    def order(self, idx: IntArray, scores: IntArray, k: int | None = None) -> IntArray:
        """Positions sorted best first, exact ties by id; only the best k when k is given."""
        keys = -scores * np.int64(len(self.places) + 1) + self.id_rank[idx]
        if k is not None and k < len(keys):
            part = np.argpartition(keys, k - 1)[:k]
            return idx[part[np.argsort(keys[part], kind="stable")]]
        return idx[np.argsort(keys, kind="stable")]


def _dist(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], target: tuple[float, float]
) -> IntArray:
    dx = x - target[0]
    dy = y - target[1]
    return (np.sqrt(dx * dx + dy * dy) * 1000.0).astype(np.int64)


def _fade(d_m: IntArray, points: int, free_km: int, span_km: int) -> IntArray:
    span = span_km * 1000
    excess = np.minimum(np.maximum(d_m - free_km * 1000, 0), span)
    return points * 1000 * excess // span


@lru_cache(maxsize=1024)
def _need_table(
    need: int, weight: int, shortfall_points: tuple[int, ...], reliance_points: int
) -> IntArray:
    """Need-fit contribution for each (inherent * 5 + with-support) capacity code."""
    table = np.zeros(25, dtype=np.int64)
    for raw in range(5):
        for eff in range(raw, 5):
            gap, open_levels = max(0, need - raw), max(0, need - eff)
            value = shortfall_points[open_levels - 1] * 10 * weight if open_levels else 0
            value += reliance_points * 10 * weight * (gap - open_levels)
            table[raw * 5 + eff] = -value
    table.flags.writeable = False
    return table
