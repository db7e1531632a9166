# SPDX-License-Identifier: MPL-2.0
"""Seeded generator of fictitious but realistically distributed children and places."""

from __future__ import annotations

import random
from datetime import date, timedelta

from matchengine.models import (
    Approval,
    ChildProfile,
    ContinuityItem,
    ContinuityOffer,
    Coordinates,
    Household,
    PlaceProfile,
    SupportArrangement,
    Vacancy,
    Wish,
)
from matchengine.vocab import (
    HEAVY_NEED_TAGS,
    AnimalWish,
    ContinuityAspect,
    Dimension,
    NeedTag,
    PlaceForm,
    PlaceType,
    Setting,
    SupportKind,
    SupportLevel,
    WishImportance,
    WishKind,
)

# Rough shares of approved places in Denmark: about two thirds of children live in foster care.
TYPE_SHARES: tuple[tuple[PlaceType, int], ...] = (
    (PlaceType.FOSTER_FAMILY_GENERAL, 44),
    (PlaceType.FOSTER_FAMILY_REINFORCED, 16),
    (PlaceType.FOSTER_FAMILY_SPECIALISED, 5),
    (PlaceType.FOSTER_FAMILY_NETWORK, 8),
    (PlaceType.RESIDENTIAL_INSTITUTION, 9),
    (PlaceType.SMALL_RESIDENTIAL_HOME, 12),
    (PlaceType.SECURE_UNIT, 1),
    (PlaceType.PARTLY_CLOSED_UNIT, 1),
    (PlaceType.OWN_ROOM, 2),
    (PlaceType.BOARDING_SCHOOL, 2),
)
FOSTER = {t for t, _ in TYPE_SHARES[:4]}
LEVELS: tuple[SupportLevel, ...] = tuple(
    s for s in SupportLevel if s is not SupportLevel.NOT_ASSESSED
)
TAGS = tuple(NeedTag)
HEAVY = tuple(sorted(HEAVY_NEED_TAGS))
# Towns to cluster around: Copenhagen, Aarhus, Odense, Aalborg, Esbjerg, Vejle, Holbæk, Viborg.
TOWNS: tuple[tuple[float, float], ...] = (
    (55.68, 12.57),
    (56.16, 10.20),
    (55.40, 10.39),
    (57.05, 9.92),
    (55.48, 8.46),
)
TOWNS += ((55.71, 9.54), (55.72, 11.72), (56.45, 9.40))


def _point(rng: random.Random, near: Coordinates | None = None, spread: float = 0.3) -> Coordinates:
    lat, lon = (near.lat, near.lon) if near is not None else rng.choice(TOWNS)
    return Coordinates(
        lat=min(57.7, max(54.6, round(lat + rng.gauss(0, spread), 4))),
        lon=min(12.7, max(8.1, round(lon + rng.gauss(0, spread * 1.6), 4))),
    )


def _levels(rng: random.Random, centre: int) -> dict[Dimension, SupportLevel]:
    return {d: LEVELS[min(4, max(0, centre + rng.choice((-1, 0, 0, 1))))] for d in Dimension}


def generate_places(
    rng: random.Random, n: int, reference_date: date, child_ids: list[str] | None = None
) -> list[PlaceProfile]:
    """``n`` places: foster families mostly 1–2 places, institutions 4–12."""
    types = [t for t, _ in TYPE_SHARES]
    weights = [w for _, w in TYPE_SHARES]
    places: list[PlaceProfile] = []
    for i in range(n):
        kind = rng.choices(types, weights)[0]
        foster = kind in FOSTER
        approved = rng.choices((1, 2, 3), (55, 38, 7))[0] if foster else rng.randint(4, 12)
        free = min(approved, rng.choices((0, 1, 2), (55, 35, 10))[0])
        low, high = (0, 17) if foster else rng.choice(((6, 17), (12, 17), (14, 22), (0, 12)))
        if kind is PlaceType.OWN_ROOM:
            low, high = 15, 22
        centre = {PlaceType.FOSTER_FAMILY_GENERAL: 1, PlaceType.FOSTER_FAMILY_NETWORK: 1}.get(
            kind, 2 if foster else 3
        )
        heavy = rng.sample(
            HEAVY, k=rng.choice((0, 1, 2, 4)) if not foster else rng.choice((0, 0, 1))
        )
        declared = reference_date - timedelta(days=rng.randint(0, 60))
        kids = rng.choice((0, 1, 2, 3)) if foster else rng.randint(2, 11)
        support: tuple[SupportArrangement, ...] = ()
        if foster and rng.random() < 0.15:
            support = (
                SupportArrangement(
                    kind=SupportKind.INSTITUTION_SUPERVISION,
                    dimensions=(Dimension.DEVELOPMENT_BEHAVIOUR, Dimension.SAFE_CARE),
                    raises_to=SupportLevel.HIGH,
                ),
            )
        network_child = None
        if kind is PlaceType.FOSTER_FAMILY_NETWORK:
            network_child = rng.choice(child_ids) if child_ids else f"c{rng.randint(0, 99999):05d}"
        capacity = _levels(rng, centre)
        if rng.random() < 0.05:
            capacity[Dimension.LEISURE_FRIENDSHIPS] = SupportLevel.NOT_ASSESSED
        places.append(
            PlaceProfile(
                id=f"p{i:06d}",
                provider_id=f"prov{i // (1 if foster else 3):06d}",
                type=kind,
                approval=Approval(
                    target_groups=tuple(sorted({*heavy, *rng.sample(TAGS, k=rng.randint(0, 4))})),
                    min_age=low,
                    max_age=high,
                    places=approved,
                    valid_from=reference_date - timedelta(days=rng.randint(30, 2000)),
                    valid_until=None
                    if rng.random() < 0.7
                    else reference_date + timedelta(days=rng.randint(-30, 900)),
                    named_child_id=network_child,
                ),
                free_places=free,
                vacancy=None
                if rng.random() < 0.1
                else Vacancy(declared_on=declared, expires_on=declared + timedelta(days=60)),
                capacity=capacity,
                household=Household(
                    children_count=kids,
                    youngest_child_age=rng.randint(0, 15) if kids else None,
                    animals=rng.random() < (0.6 if foster else 0.2),
                    setting=Setting.COUNTRY if rng.random() < 0.4 else Setting.TOWN,
                    continuity=(ContinuityOffer(aspect=ContinuityAspect.LANGUAGE, value="ar"),)
                    if rng.random() < 0.05
                    else (),
                ),
                location=_point(rng),
                support_arrangements=support,
                accepts_acute=rng.random() < (0.2 if foster else 0.6),
            )
        )
    return places


def generate_children(
    rng: random.Random, n: int, reference_date: date, sibling_share: float = 0.15
) -> list[ChildProfile]:
    """``n`` children, ages skewed to teenagers; ``sibling_share`` of them in groups of 2–3."""
    children: list[ChildProfile] = []
    group = 0
    while len(children) < n:
        size = 1
        if rng.random() < sibling_share / 2.5:
            size = min(rng.choice((2, 2, 3)), n - len(children))
        group += 1
        home = _point(rng)
        for _ in range(size):
            age = rng.choices(range(18), [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 6, 7, 9, 11, 12, 10, 6])[
                0
            ]
            if size > 1:
                age = min(age, 14)
            birth = reference_date - timedelta(days=age * 365 + rng.randint(1, 360))
            centre = rng.choices((1, 2, 3), (25, 45, 30))[0]
            needs = _levels(rng, centre)
            if rng.random() < 0.1:
                needs[Dimension.HEALTH] = SupportLevel.NOT_ASSESSED
            tags = set(rng.sample(TAGS, k=rng.choice((0, 1, 1, 2, 3))))
            tags = {t for t in sorted(tags) if t not in HEAVY_NEED_TAGS or rng.random() < 0.35}
            forms: tuple[PlaceForm, ...] = (
                (PlaceForm.FOSTER_FAMILY,) if age < 12 or centre < 3 else (PlaceForm.RESIDENTIAL,)
            )
            if age >= 12 and rng.random() < 0.3:
                forms = (PlaceForm.FOSTER_FAMILY, PlaceForm.RESIDENTIAL)
            wishes = tuple(_wish(rng, home) for _ in range(rng.choice((0, 0, 1, 2, 3))))
            children.append(
                ChildProfile(
                    id=f"c{len(children):05d}",
                    birth_date=birth,
                    needs=needs,
                    need_tags=tuple(sorted(tags)),
                    wishes=wishes,
                    sibling_group_id=f"g{group:05d}" if size > 1 else None,
                    sibling_group_size=size,
                    school_location=_point(rng, home, 0.05) if age >= 6 else None,
                    parent_locations=tuple(
                        _point(rng, home, 0.1) for _ in range(rng.randint(0, 2))
                    ),
                    network_locations=tuple(
                        _point(rng, home, 0.2) for _ in range(rng.randint(0, 2))
                    ),
                    required_forms=forms,
                    non_disclosure=rng.random() < 0.03,
                    continuity=(
                        ContinuityItem(
                            aspect=ContinuityAspect.LANGUAGE, value="ar", reason="Sprog"
                        ),
                    )
                    if rng.random() < 0.04
                    else (),
                    animal_allergy=rng.random() < 0.05,
                    max_other_children=rng.choice((None, None, None, 1, 3)),
                )
            )
    return children


def _wish(rng: random.Random, home: Coordinates) -> Wish:
    kind = rng.choice(tuple(WishKind))
    importance = rng.choice(tuple(WishImportance))
    if kind is WishKind.LIVE_NEAR:
        return Wish(kind=kind, importance=importance, location=_point(rng, home, 0.1))
    if kind is WishKind.TOWN_OR_COUNTRY:
        return Wish(kind=kind, importance=importance, setting=rng.choice(tuple(Setting)))
    if kind is WishKind.ANIMALS:
        return Wish(kind=kind, importance=importance, animals=rng.choice(tuple(AnimalWish)))
    return Wish(kind=kind, importance=importance)
