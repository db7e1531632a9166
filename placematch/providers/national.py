# SPDX-License-Identifier: MPL-2.0
"""providers: the national registry in bulk, up to the dataset's providers and places.

Half the providers are foster families with one place, half are residential providers with
three units; each place has an approval, a capacity profile, and most have children living
there (ledger ``Placement`` rows, never more than the place's capacity) and a vacancy
declaration that leaves the rest free. Adds to the demo's providers, which came first.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone

from matchengine.vocab import PLACE_FORM, Dimension, NeedTag, PlaceType, Setting, SupportLevel
from placematch.accounts.models import Organisation, OrganisationKind
from placematch.core import postcodes
from placematch.core.demo import FIRST_NAMES, SURNAMES
from placematch.core.national import NationalContext
from placematch.providers.demo import INSTITUTION_NAMES, KIND_WORD
from placematch.providers.models import (
    Approval,
    Authority,
    CapacityProfile,
    Place,
    Placement,
    Provider,
    VacancyDeclaration,
)
from placematch.providers.services import data_version_bump

FAMILIES = (
    (PlaceType.FOSTER_FAMILY_GENERAL, 5),
    (PlaceType.FOSTER_FAMILY_REINFORCED, 3),
    (PlaceType.FOSTER_FAMILY_SPECIALISED, 1),
)
RESIDENTIAL = (
    (PlaceType.SMALL_RESIDENTIAL_HOME, 10),
    (PlaceType.RESIDENTIAL_INSTITUTION, 6),
    (PlaceType.SECURE_UNIT, 1),
    (PlaceType.PARTLY_CLOSED_UNIT, 1),
    (PlaceType.OWN_ROOM, 2),
    (PlaceType.BOARDING_SCHOOL, 2),
)
UNITS = 3
LEVELS = [lvl.value for lvl in SupportLevel if lvl is not SupportLevel.NOT_ASSESSED]
BATCH = 2000


def _batches(rows: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load(nctx: NationalContext) -> None:
    rng = nctx.demo.rng
    today = timezone.localdate()
    codes = list(postcodes.all_postcodes())
    municipalities = list(nctx.municipalities.values())
    tags = [t.value for t in NeedTag]
    have_providers = Provider.objects.count()
    have_places = Place.objects.count()
    wanted_providers = max(0, nctx.sizes["providers"] - have_providers)
    wanted_places = max(0, nctx.sizes["places"] - have_places)
    # Families have one place, residential providers UNITS: solve for the residential share.
    residential = min(wanted_providers, max(0, (wanted_places - wanted_providers) // (UNITS - 1)))
    families = wanted_providers - residential
    kinds: list[tuple[PlaceType, bool]] = []
    f_types, f_weights = [t for t, _w in FAMILIES], [w for _t, w in FAMILIES]
    r_types, r_weights = [t for t, _w in RESIDENTIAL], [w for _t, w in RESIDENTIAL]
    kinds += [(rng.choices(f_types, f_weights)[0], True) for _ in range(families)]
    kinds += [(rng.choices(r_types, r_weights)[0], False) for _ in range(residential)]
    rng.shuffle(kinds)

    names: list[str] = []
    wheres = []
    for number, (place_type, foster) in enumerate(kinds, start=1):
        where = rng.choice(codes)
        wheres.append(where)
        if foster:
            names.append(f"Plejefamilien {rng.choice(SURNAMES)} {number}, {where.name} (fiktiv)")
        else:
            flower = rng.choice(INSTITUTION_NAMES)
            names.append(f"{KIND_WORD[place_type]} {flower} {number}, {where.name} (fiktiv)")
    orgs: list[Organisation] = []
    for batch in _batches(
        [Organisation(name=name, kind=OrganisationKind.PROVIDER) for name in names]
    ):
        orgs += Organisation.objects.bulk_create(batch)
    providers: list[Provider] = []
    rows = []
    for number, ((place_type, foster), org, where) in enumerate(
        zip(kinds, orgs, wheres, strict=True), start=1
    ):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        rows.append(
            Provider(
                organisation=org, registry_id=f"NAT-{number:05d}", name=org.name,
                form=PLACE_FORM[place_type].value,
                responsible_municipality=rng.choice(municipalities) if foster else None,
                postcode=where.code, address=f"Fiktivvej {rng.randint(1, 80)}",
                contact_name=f"{first} {last}", contact_email=f"kontakt{number}@tilbud.example",
            )
        )  # fmt: skip
    for batch in _batches(rows):
        providers += Provider.objects.bulk_create(batch)

    places: list[Place] = []
    units: list[Place] = []
    for provider, (place_type, foster) in zip(providers, kinds, strict=True):
        for unit in range(1 if foster else UNITS):
            if len(units) >= wanted_places:
                break
            units.append(
                Place(
                    provider=provider, registry_id=f"{provider.registry_id}-{unit + 1}",
                    name="Plejefamilie" if foster else f"Afdeling {'ABC'[unit]}",
                    place_type=place_type.value,
                    capacity=rng.randint(1, 3) if foster else rng.randint(3, 8),
                    price_per_day=Decimal(rng.randint(12, 60) * 100),
                )
            )  # fmt: skip
    for unit_batch in _batches(units):
        places += Place.objects.bulk_create(unit_batch)

    approvals, profiles, living, vacancies = [], [], [], []
    for place in places:
        low = rng.choice([0, 0, 3, 6, 12]) if place.place_type != "own_room" else 15
        approvals.append(
            Approval(
                place=place, authority=rng.choice([Authority.MIDT, Authority.SOUTH]),
                target_groups=rng.sample(tags, rng.randint(1, 4)), age_min=low,
                age_max=min(17 if place.place_type != "own_room" else 22,
                            low + rng.randint(5, 17)),
                places=place.capacity,
                valid_from=today - datetime.timedelta(days=rng.randint(60, 2000)),
                valid_to=today - datetime.timedelta(days=5) if rng.random() < 0.04 else None,
            )
        )  # fmt: skip
        foster = place.place_type.startswith("foster_family")
        profiles.append(
            CapacityProfile(
                place=place, version=1,
                capacities={d.value: rng.choice(LEVELS) for d in Dimension},
                specialities=rng.sample(tags, rng.randint(0, 3)),
                other_children_ages=sorted(rng.sample(range(0, 18), rng.randint(0, 3)))
                if foster else [],
                languages=["dansk"],
                setting=rng.choice([Setting.TOWN, Setting.COUNTRY]).value,
            )
        )  # fmt: skip
        occupied = rng.randint(0, place.capacity) if rng.random() < 0.7 else 0
        living += [
            Placement(
                place=place, child_ref=uuid.UUID(int=rng.getrandbits(128), version=4),
                start=today - datetime.timedelta(days=rng.randint(20, 1100)),
            )
            for _ in range(occupied)
        ]  # fmt: skip
        if rng.random() < 0.8:
            declared = today - datetime.timedelta(days=rng.randint(0, 40))
            vacancies.append(
                VacancyDeclaration(
                    place=place, declared_on=declared,
                    expires_on=declared + datetime.timedelta(days=30),
                    free_places=place.capacity - occupied,
                )
            )  # fmt: skip
    for model, objs in (
        (Approval, approvals),
        (CapacityProfile, profiles),
        (Placement, living),
        (VacancyDeclaration, vacancies),
    ):
        for batch in _batches(objs):
            model.objects.bulk_create(batch)
    data_version_bump()
