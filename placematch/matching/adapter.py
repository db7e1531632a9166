# SPDX-License-Identifier: MPL-2.0
"""Turns the child side and the provider side into the engine's input models.

Rules the engine cannot see, decided here (docs/engine/README.md, "From the case to the engine"):

- The child is known to the engine only by its opaque ``ref``; places by their primary key.
- An unassessed dimension is passed as ``not_assessed``; the policy decides how it counts.
- A wish whose detail is not recorded (where, town or country, animals or not), or answered
  "no" (a new school, friends or siblings that matter less), keeps its kind and goes in as
  shown, never scored, so a missing detail never costs the child. A friends wish without a
  place falls back on the child's network, as the engine does.
- A place goes in with its current approval, or its latest one when none is valid today (the
  engine then says why it cannot be used). A place with no approval at all, or with registry data
  the engine refuses (an unknown postcode, a network type without a named child), is left out
  and counted with its reason, so the page can say how many and why.
- A support arrangement (seed 002) raises capacity on its dimensions to ``high`` when an
  institution or treatment stands behind it, otherwise to ``moderate``.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from pydantic import ValidationError

from matchengine.models import (
    Approval,
    ChildProfile,
    ContinuityOffer,
    Coordinates,
    Household,
    PlaceProfile,
    SupportArrangement,
    Vacancy,
    Wish,
)
from matchengine.vocab import (
    AnimalWish,
    ContinuityAspect,
    Dimension,
    NeedTag,
    PlaceForm,
    PlaceType,
    Setting,
    SupportKind,
    SupportLevel,
    WishKind,
)
from placematch.children.models import Case, Child
from placematch.children.selectors import (
    latest_assessment,
    network_of,
    parents_of,
    placement_group,
    siblings_of,
    wishes_of,
)
from placematch.core import postcodes
from placematch.providers.models import (
    FOSTER_FAMILY_TYPES,
    CapacityProfile,
    Place,
    VacancyDeclaration,
)
from placematch.providers.models import Approval as ApprovalRow
from placematch.providers.models import (
    SupportArrangement as SupportRow,
)
from placematch.providers.selectors import annotate_occupancy, places_holding

STRONG_SUPPORT = frozenset(
    {SupportKind.INSTITUTION_SUPERVISION, SupportKind.TREATMENT, SupportKind.EXTRA_STAFFING}
)
# Why a registry place could not be given to the engine.
LEFT_OUT_NO_APPROVAL = "no_approval"
LEFT_OUT_INVALID = "invalid_registry_data"
TAG_CODES = frozenset(t.value for t in NeedTag)
FORM_CODES = frozenset(f.value for f in PlaceForm)


@dataclass(frozen=True)
class RunOptions:
    """What the caseworker chooses for one run: facts the case does not (yet) record."""

    # Decided broad forms and §43 foster-family types, as codes ("foster_family_reinforced").
    required_forms: tuple[str, ...] = ()
    acute: bool = False
    secure_unit_needed: bool = False
    partly_closed_unit_allowed: bool = False
    animal_allergy: bool = False
    max_other_children: int | None = None
    include_practical: bool = False

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "required_forms": list(self.required_forms)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunOptions:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["required_forms"] = tuple(values.get("required_forms", ()))
        return cls(**values)


def coordinates(postcode: str | None) -> Coordinates | None:
    found = postcodes.lookup(postcode)
    if found is None:
        return None
    try:
        return Coordinates(lat=found.latitude, lon=found.longitude)
    except ValidationError:  # a point outside the engine's map of Denmark
        return None


def _points(postcodes_: Iterable[str], limit: int) -> tuple[Coordinates, ...]:
    found = [c for c in (coordinates(p) for p in postcodes_ if p) if c is not None]
    return tuple(found[:limit])


def _wish(wish: Any) -> Wish:
    """A wish with the detail its kind needs; without it, or with a "no", shown, never scored."""
    code = WishKind(wish.kind)
    importance = wish.importance
    shown = Wish(kind=code, importance=importance, scored=False)
    if code in (WishKind.SCHOOL, WishKind.FRIENDS, WishKind.SIBLINGS) and wish.answer == "no":
        return shown  # a new school, or friends or siblings that matter less: nothing to check
    if code in (WishKind.LIVE_NEAR, WishKind.FRIENDS):
        where = coordinates(wish.postcode)
        if where is not None:
            return Wish(kind=code, importance=importance, location=where)
        return shown if code is WishKind.LIVE_NEAR else Wish(kind=code, importance=importance)
    if code is WishKind.TOWN_OR_COUNTRY:
        if not wish.setting:
            return shown
        return Wish(kind=code, importance=importance, setting=Setting(wish.setting))
    if code is WishKind.ANIMALS:
        if not wish.animals:
            return shown
        return Wish(kind=code, importance=importance, animals=AnimalWish(wish.animals))
    return Wish(kind=code, importance=importance)


@dataclass(frozen=True)
class SiblingGroup:
    group_id: str | None
    size: int
    placed_at: tuple[str, ...]


def sibling_group(child: Child, day: datetime.date) -> SiblingGroup:
    """The siblings to be placed together, and where siblings already live (from the ledger).

    The group is the same from any sibling's case (links are kept both ways and followed on),
    so a match from the younger sibling's case runs for the whole group as well.
    """
    group = placement_group(child, day)
    refs = sorted(str(c.ref) for c in group.children)
    linked = [s.sibling_child.ref for s in siblings_of(child) if s.sibling_child is not None]
    placed_at = sorted(str(pk) for pk in places_holding(linked, day))
    size = min(8, group.size)
    return SiblingGroup(f"g-{refs[0]}" if size > 1 else None, size, tuple(placed_at))


def child_profile(case: Case, day: datetime.date, options: RunOptions) -> ChildProfile:
    """The engine's view of the child on a case: pseudonymous, no name, no CPR number."""
    child = case.child
    assessment = latest_assessment(case)
    needs = assessment.levels() if assessment is not None else {}
    tags = [t for t in (assessment.need_tags if assessment is not None else []) if t in TAG_CODES]
    group = sibling_group(child, day)
    return ChildProfile(
        id=str(child.ref),
        birth_date=child.birth_date,
        needs={Dimension(d): SupportLevel(level) for d, level in needs.items()},
        need_tags=tuple(NeedTag(t) for t in tags),
        wishes=tuple(_wish(w) for w in wishes_of(case))[:30],
        sibling_group_id=group.group_id,
        sibling_group_size=group.size,
        siblings_placed_at=group.placed_at,
        school_location=coordinates(child.school_postcode),
        parent_locations=_points((p.postcode for p in parents_of(child)), 4),
        network_locations=_points((p.postcode for p in network_of(child)), 10),
        required_forms=tuple(PlaceForm(f) for f in options.required_forms if f in FORM_CODES),
        required_types=tuple(PlaceType(f) for f in options.required_forms if f not in FORM_CODES),
        acute=options.acute,
        secure_unit_needed=options.secure_unit_needed,
        partly_closed_unit_allowed=options.partly_closed_unit_allowed,
        non_disclosure=case.non_disclosure,
        animal_allergy=options.animal_allergy,
        max_other_children=options.max_other_children,
    )


# Places ---------------------------------------------------------------------------------------


@dataclass
class PlaceInputs:
    """The engine input for every usable place, and the places left out with why."""

    places: list[PlaceProfile] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)


def _place_rows(day: datetime.date, only: Collection[int] | None) -> list[dict[str, Any]]:
    latest = VacancyDeclaration.objects.filter(place=OuterRef("pk"), declared_on__lte=day).order_by(
        "-declared_on", "-pk"
    )
    chosen = Place.objects.all() if only is None else Place.objects.filter(pk__in=only)
    rows = (
        annotate_occupancy(chosen, day)
        .annotate(
            vacancy_declared_on=Subquery(latest.values("declared_on")[:1]),
            vacancy_expires_on=Subquery(latest.values("expires_on")[:1]),
        )
        .order_by("pk")
        .values(
            "pk",
            "provider_id",
            "place_type",
            "postcode",
            "provider__postcode",
            "free",
            "vacancy_declared_on",
            "vacancy_expires_on",
        )
    )
    return [dict(row) for row in rows]


def _grouped(rows: Iterable[Any], key: str) -> dict[int, list[dict[str, Any]]]:
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(dict(row))
    return groups


def _approval(approvals: list[dict[str, Any]], day: datetime.date) -> dict[str, Any] | None:
    approvals = sorted(approvals, key=lambda a: (a["valid_from"], a["pk"]), reverse=True)
    current = [
        a
        for a in approvals
        if a["valid_from"] <= day and (a["valid_to"] is None or day <= a["valid_to"])
    ]
    chosen = current or approvals
    return chosen[0] if chosen else None


def _support(rows: list[dict[str, Any]], day: datetime.date) -> tuple[SupportArrangement, ...]:
    return tuple(
        SupportArrangement(
            kind=SupportKind(s["kind"]),
            dimensions=tuple(Dimension(d) for d in s["dimensions"]),
            raises_to=SupportLevel.HIGH if s["kind"] in STRONG_SUPPORT else SupportLevel.MODERATE,
        )
        for s in sorted(rows, key=lambda s: s["pk"])
        if s["valid_from"] <= day
        and (s["valid_to"] is None or day <= s["valid_to"])
        and s["dimensions"]
    )[:10]


def place_profile(
    row: dict[str, Any],
    approval: dict[str, Any] | None,
    profile: dict[str, Any] | None,
    support: tuple[SupportArrangement, ...],
) -> PlaceProfile | str:
    """The engine's view of one place, or the code of why it has none."""
    if approval is None:
        return LEFT_OUT_NO_APPROVAL
    location = coordinates(row["postcode"] or row["provider__postcode"])
    if location is None:
        return LEFT_OUT_INVALID
    ages = sorted(int(a) for a in (profile["other_children_ages"] if profile else []))
    is_family = row["place_type"] in FOSTER_FAMILY_TYPES
    places_approved = max(1, min(200, approval["places"]))
    try:
        vacancy = None
        if row["vacancy_declared_on"] is not None:
            vacancy = Vacancy(
                declared_on=row["vacancy_declared_on"], expires_on=row["vacancy_expires_on"]
            )
        return PlaceProfile(
            id=str(row["pk"]),
            provider_id=str(row["provider_id"]),
            type=row["place_type"],
            approval=Approval(
                target_groups=tuple(t for t in approval["target_groups"] if t in TAG_CODES),
                min_age=approval["age_min"],
                max_age=approval["age_max"],
                places=places_approved,
                valid_from=approval["valid_from"],
                valid_until=approval["valid_to"],
                named_child_id=str(approval["child_ref"]) if approval["child_ref"] else None,
            ),
            free_places=max(0, min(row["free"], places_approved)),
            vacancy=vacancy,
            capacity=dict(profile["capacities"]) if profile else {},
            specialities=tuple(
                t for t in (profile["specialities"] if profile else []) if t in TAG_CODES
            ),
            household=Household(
                children_count=len(ages),
                youngest_child_age=ages[0] if ages else None,
                animals=bool(profile["animals"].strip()) if profile else False,
                # Unknown counts as town: a country wish then simply is not met.
                setting=Setting(profile["setting"])
                if profile and profile["setting"]
                else Setting.TOWN,
                continuity=tuple(
                    ContinuityOffer(aspect=ContinuityAspect.LANGUAGE, value=lang[:40])
                    for lang in (profile["languages"] if profile else [])
                    if lang.strip()
                ),
            ),
            location=location,
            support_arrangements=support if is_family else (),
            # Institutions take acute intake; foster families only when they declare it.
            accepts_acute=not is_family,
            enhanced_supervision=approval["enhanced_supervision"],
            supervision_order=approval["supervision_order"],
        )
    except (ValidationError, ValueError):
        return LEFT_OUT_INVALID


def place_inputs(day: datetime.date, only: Collection[int] | None = None) -> PlaceInputs:
    """Every place in the registry as the engine sees it on a day (five queries in all).

    With ``only``, just those places (by primary key), built exactly as in the whole registry;
    a key with no place is simply not in the result.
    """
    rows = _place_rows(day, only)
    approval_rows = ApprovalRow.objects.all()
    profile_rows = CapacityProfile.objects.all()
    support_rows = SupportRow.objects.all()
    if only is not None:
        approval_rows = approval_rows.filter(place_id__in=only)
        profile_rows = profile_rows.filter(place_id__in=only)
        support_rows = support_rows.filter(family_id__in={row["provider_id"] for row in rows})
    approvals = _grouped(
        approval_rows.values(
            "pk",
            "place_id",
            "target_groups",
            "age_min",
            "age_max",
            "places",
            "valid_from",
            "valid_to",
            "child_ref",
            "enhanced_supervision",
            "supervision_order",
        ),
        "place_id",
    )
    profiles: dict[int, dict[str, Any]] = {}
    for profile in profile_rows.order_by("place_id", "version").values(
        "place_id",
        "capacities",
        "specialities",
        "other_children_ages",
        "animals",
        "languages",
        "setting",
    ):
        profiles[profile["place_id"]] = dict(profile)  # the newest version wins
    support = _grouped(
        support_rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).values(
            "pk", "family_id", "kind", "dimensions", "valid_from", "valid_to"
        ),
        "family_id",
    )
    inputs = PlaceInputs()
    for row in rows:
        made = place_profile(
            row,
            _approval(approvals.get(row["pk"], []), day),
            profiles.get(row["pk"]),
            _support(support.get(row["provider_id"], []), day),
        )
        if isinstance(made, str):
            inputs.left_out[str(row["pk"])] = made
        else:
            inputs.places.append(made)
    return inputs
