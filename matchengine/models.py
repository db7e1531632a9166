# SPDX-License-Identifier: MPL-2.0
"""Validated, frozen input models: the child, the places and the two kinds of request."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from matchengine.policy import Policy
from matchengine.vocab import (
    FOSTER_FAMILY_TYPES,
    PLACE_FORM,
    AnimalWish,
    ContinuityAspect,
    Dimension,
    Gender,
    GenderRuleSource,
    NeedTag,
    PlaceForm,
    PlaceType,
    Setting,
    SupportKind,
    SupportLevel,
    WishImportance,
    WishKind,
)

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]
ShortCode = Annotated[str, StringConstraints(min_length=1, max_length=40, strip_whitespace=True)]

# A flat projection is exact enough for distances inside Denmark and, unlike haversine,
# uses only correctly rounded arithmetic, so NumPy and plain Python agree to the bit.
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * math.cos(math.radians(56.0))


class EngineModel(BaseModel):
    """Common configuration: immutable, strict about unknown fields, no NaN or infinity."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Coordinates(EngineModel):
    """A point in Denmark (WGS84 degrees)."""

    lat: float = Field(ge=54.0, le=58.0)
    lon: float = Field(ge=7.5, le=15.5)

    def xy_km(self) -> tuple[float, float]:
        """Position on the flat projection used for all distances."""
        return self.lon * KM_PER_DEG_LON, self.lat * KM_PER_DEG_LAT


class Wish(EngineModel):
    """One wish from the child conversation; the fields used depend on its kind.

    ``scored`` is false for a wish the engine is to show but not score although its kind could
    be checked: the child wants a new school, or the detail the check needs was not given.
    """

    kind: WishKind
    importance: WishImportance = WishImportance.MEDIUM
    location: Coordinates | None = None
    setting: Setting | None = None
    animals: AnimalWish | None = None
    scored: bool = True

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Self:
        if not self.scored:
            return self
        if self.kind is WishKind.LIVE_NEAR and self.location is None:
            raise ValueError("a live_near wish needs a location")
        if self.kind is WishKind.TOWN_OR_COUNTRY and self.setting is None:
            raise ValueError("a town_or_country wish needs a setting")
        if self.kind is WishKind.ANIMALS and self.animals is None:
            raise ValueError("an animals wish needs animals (wants_animals or no_animals)")
        return self


class ContinuityItem(EngineModel):
    """Language, culture or religion to continue, recorded by the caseworker with a reason."""

    aspect: ContinuityAspect
    value: ShortCode
    reason: Reason


class Exclusion(EngineModel):
    """A place the caseworker has ruled out for this child, with the reason."""

    place_id: Id
    reason: Reason


class ChildProfile(EngineModel):
    """What the engine needs to know about one child; pseudonymous, no CPR number."""

    id: Id
    birth_date: date
    age: int | None = Field(default=None, ge=0, le=25)
    needs: dict[Dimension, SupportLevel] = Field(default_factory=dict)
    need_tags: tuple[NeedTag, ...] = ()
    resources: tuple[Dimension, ...] = ()
    wishes: tuple[Wish, ...] = Field(default=(), max_length=30)
    sibling_group_id: Id | None = None
    sibling_group_size: int = Field(default=1, ge=1, le=8)
    siblings_placed_at: tuple[Id, ...] = ()
    school_location: Coordinates | None = None
    parent_locations: tuple[Coordinates, ...] = Field(default=(), max_length=4)
    network_locations: tuple[Coordinates, ...] = Field(default=(), max_length=10)
    required_forms: tuple[PlaceForm, ...] = ()
    required_types: tuple[PlaceType, ...] = ()
    acute: bool = False
    secure_unit_needed: bool = False
    partly_closed_unit_allowed: bool = False
    non_disclosure: bool = False
    continuity: tuple[ContinuityItem, ...] = Field(default=(), max_length=6)
    exclusions: tuple[Exclusion, ...] = ()
    gender: Gender | None = None
    animal_allergy: bool = False
    max_other_children: int | None = Field(default=None, ge=0, le=30)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.sibling_group_size > 1 and self.sibling_group_id is None:
            raise ValueError("sibling_group_size above 1 needs a sibling_group_id")
        for position, place_type in enumerate(self.required_types):
            if place_type not in FOSTER_FAMILY_TYPES:
                raise ValueError(
                    f"required_types[{position}]: {place_type.value!r} is not a §43 foster-family "
                    "type; decide an institution by its form in required_forms"
                )
        return self

    def form_decided(self, place_type: PlaceType) -> bool:
        """Whether the decided placement form allows a place of this type (no decision: any).

        The decision names broad forms (``required_forms``) and §43 foster-family types
        (``required_types``); a place fits when its form or its own type is named.
        """
        if not self.required_forms and not self.required_types:
            return True
        return PLACE_FORM[place_type] in self.required_forms or place_type in self.required_types

    def age_on(self, reference_date: date) -> int:
        """Age in whole years; someone born 29 February turns older on 1 March in common years."""
        before_birthday = (reference_date.month, reference_date.day) < (
            self.birth_date.month,
            self.birth_date.day,
        )
        return reference_date.year - self.birth_date.year - int(before_birthday)


class GenderRule(EngineModel):
    """A gender restriction, allowed only as an approval target group or for household safety."""

    genders: tuple[Gender, ...] = Field(min_length=1)
    source: GenderRuleSource
    reason: Reason


class Approval(EngineModel):
    """The supervision authority's approval of one place (godkendelse)."""

    target_groups: tuple[NeedTag, ...] = ()
    min_age: int = Field(ge=0, le=25)
    max_age: int = Field(ge=0, le=25)
    places: int = Field(ge=1, le=200)
    valid_from: date
    valid_until: date | None = None
    named_child_id: Id | None = None
    gender_rule: GenderRule | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.min_age > self.max_age:
            raise ValueError("min_age is above max_age")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self


class Vacancy(EngineModel):
    """The provider's declaration that the place can take a child, and until when."""

    declared_on: date
    expires_on: date

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.expires_on < self.declared_on:
            raise ValueError("expires_on is before declared_on")
        return self


class SupportArrangement(EngineModel):
    """Support that raises the place's capacity on named dimensions (seed 002)."""

    kind: SupportKind
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    raises_to: SupportLevel

    @model_validator(mode="after")
    def _assessed(self) -> Self:
        if self.raises_to is SupportLevel.NOT_ASSESSED:
            raise ValueError("raises_to must be an assessed level")
        return self


class ContinuityOffer(EngineModel):
    """Language, culture or religion the place can continue for a child."""

    aspect: ContinuityAspect
    value: ShortCode


class Household(EngineModel):
    """Facts about the home or unit that matter for the child's everyday life."""

    children_count: int = Field(default=0, ge=0, le=30)
    youngest_child_age: int | None = Field(default=None, ge=0, le=25)
    animals: bool = False
    setting: Setting
    continuity: tuple[ContinuityOffer, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.children_count == 0) != (self.youngest_child_age is None):
            raise ValueError("youngest_child_age is given exactly when children_count is above 0")
        return self


class PlaceProfile(EngineModel):
    """One approval unit with an integer number of places."""

    id: Id
    provider_id: Id | None = None
    type: PlaceType
    approval: Approval
    free_places: int = Field(ge=0, le=200)
    vacancy: Vacancy | None = None
    capacity: dict[Dimension, SupportLevel] = Field(default_factory=dict)
    specialities: tuple[NeedTag, ...] = ()
    household: Household
    location: Coordinates
    support_arrangements: tuple[SupportArrangement, ...] = Field(default=(), max_length=10)
    accepts_acute: bool = False
    enhanced_supervision: bool = False
    supervision_order: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.free_places > self.approval.places:
            raise ValueError("free_places is above the approved places")
        is_network = self.type is PlaceType.FOSTER_FAMILY_NETWORK
        if is_network != (self.approval.named_child_id is not None):
            raise ValueError("approval.named_child_id is given exactly for a network foster family")
        return self


def _unique_ids(ids: list[str], field: str) -> None:
    seen: set[str] = set()
    for position, value in enumerate(ids):
        if value in seen:
            raise ValueError(f"{field}[{position}]: duplicate id {value!r}")
        seen.add(value)


class RankRequest(EngineModel):
    """Rank all places for one child on a given day."""

    reference_date: date
    child: ChildProfile
    places: tuple[PlaceProfile, ...]
    policy: Policy = Field(default_factory=Policy)
    include_practical: bool = False
    top_k: int = Field(default=20, ge=1, le=1000)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique_ids([p.id for p in self.places], "places")
        _check_age(self.child, self.reference_date, "child")
        return self


class Pin(EngineModel):
    """What-if: this child (and its sibling group) goes to this place."""

    child_id: Id
    place_id: Id


class OverviewRequest(EngineModel):
    """Show how several children compete for the same places; never a decision."""

    reference_date: date
    children: tuple[ChildProfile, ...] = Field(min_length=1, max_length=5000)
    places: tuple[PlaceProfile, ...]
    policy: Policy = Field(default_factory=Policy)
    include_practical: bool = False
    pins: tuple[Pin, ...] = ()
    forbids: tuple[Pin, ...] = ()
    alternatives: int = Field(default=3, ge=0, le=20)
    candidate_limit: int | None = Field(default=None, ge=1, le=1000)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique_ids([p.id for p in self.places], "places")
        _unique_ids([c.id for c in self.children], "children")
        groups: dict[str, list[ChildProfile]] = {}
        for position, child in enumerate(self.children):
            _check_age(child, self.reference_date, f"children[{position}]")
            if child.sibling_group_id is not None:
                groups.setdefault(child.sibling_group_id, []).append(child)
        for group_id, members in groups.items():
            if any(m.sibling_group_size != len(members) for m in members):
                raise ValueError(
                    f"sibling group {group_id!r}: sibling_group_size must equal the number of "
                    f"its children in the request ({len(members)})"
                )
        child_ids = {c.id for c in self.children}
        place_ids = {p.id for p in self.places}
        for field, items in (("pins", self.pins), ("forbids", self.forbids)):
            for position, item in enumerate(items):
                if item.child_id not in child_ids:
                    raise ValueError(
                        f"{field}[{position}].child_id: unknown child {item.child_id!r}"
                    )
                if item.place_id not in place_ids:
                    raise ValueError(
                        f"{field}[{position}].place_id: unknown place {item.place_id!r}"
                    )
        return self


def _check_age(child: ChildProfile, reference_date: date, field: str) -> None:
    if child.birth_date > reference_date:
        raise ValueError(f"{field}.birth_date is after reference_date")
    if child.age is not None and child.age != child.age_on(reference_date):
        raise ValueError(
            f"{field}.age is {child.age} but birth_date gives {child.age_on(reference_date)} "
            "on reference_date"
        )
