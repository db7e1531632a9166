# SPDX-License-Identifier: MPL-2.0
"""providers: about 150 fictitious providers of every type around the demo municipalities.

Hands ``ctx.shared["providers.place_ids"]`` (every demo place) to later apps. When the children
app shares ``ctx.shared["children.child_refs"]``, network approvals name those children, and
the child's municipality approved the family and is responsible for it. Later demos answer
inquiries as the place's staff (``place_staff``).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from matchengine.vocab import (
    PLACE_FORM,
    Dimension,
    NeedTag,
    PlaceType,
    QualityTheme,
    Setting,
    SupportKind,
    SupportLevel,
)
from placematch.accounts.models import Organisation, OrganisationKind, Role, User
from placematch.audit.models import AccessLogEntry, Action
from placematch.core import postcodes
from placematch.core.demo import FIRST_NAMES, SURNAMES, DemoContext
from placematch.providers.models import (
    Approval,
    Authority,
    CapacityProfile,
    Place,
    Placement,
    Provider,
    Reservation,
    SupportArrangement,
    VacancyDeclaration,
)
from placematch.providers.selectors import PROVIDER_SUBJECT
from placematch.providers.services import data_version_bump

# How many providers of each place type (about 150 in all).
MIX: tuple[tuple[PlaceType, int], ...] = (
    (PlaceType.FOSTER_FAMILY_GENERAL, 38),
    (PlaceType.FOSTER_FAMILY_REINFORCED, 24),
    (PlaceType.FOSTER_FAMILY_SPECIALISED, 12),
    (PlaceType.FOSTER_FAMILY_NETWORK, 14),
    (PlaceType.SMALL_RESIDENTIAL_HOME, 26),
    (PlaceType.RESIDENTIAL_INSTITUTION, 14),
    (PlaceType.SECURE_UNIT, 2),
    (PlaceType.PARTLY_CLOSED_UNIT, 3),
    (PlaceType.OWN_ROOM, 9),
    (PlaceType.BOARDING_SCHOOL, 8),
)
INSTITUTION_NAMES = (
    "Solsikken", "Kastanjen", "Egebakken", "Lærkereden", "Havørnen", "Bøgelund", "Skovly",
    "Fyrtårnet", "Mosegården", "Engblommen", "Ankeret", "Pilehuset", "Rønnebærret", "Kløverhuset",
)  # fmt: skip
KIND_WORD = {
    PlaceType.SMALL_RESIDENTIAL_HOME: "Opholdsstedet",
    PlaceType.RESIDENTIAL_INSTITUTION: "Døgninstitutionen",
    PlaceType.SECURE_UNIT: "Den sikrede institution",
    PlaceType.PARTLY_CLOSED_UNIT: "Ungecentret",
    PlaceType.OWN_ROOM: "Kollegiet",
    PlaceType.BOARDING_SCHOOL: "Efterskolen",
}
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
STREETS = ("Skovvej", "Bakkevej", "Engvej", "Åvej")
LEVELS = [SupportLevel.LIGHT, SupportLevel.MODERATE, SupportLevel.HIGH, SupportLevel.COMPLETE]
LANGUAGES = ("dansk", "engelsk", "tysk", "arabisk", "tyrkisk", "polsk", "somali")


def _uuid(ctx: DemoContext) -> uuid.UUID:
    return uuid.UUID(int=ctx.rng.getrandbits(128), version=4)


def _profile(ctx: DemoContext, place: Place, foster: bool, today: datetime.date) -> None:
    rng = ctx.rng
    base = 2 if place.place_type in ("foster_family_general", "own_room", "boarding_school") else 3
    versions = rng.choice([1, 1, 2])
    for version in range(1, versions + 1):
        capacities = {
            d.value: LEVELS[max(0, min(3, base - 1 + rng.choice([-1, 0, 0, 1])))].value
            for d in Dimension
        }
        if rng.random() < 0.1:
            capacities[rng.choice(list(Dimension)).value] = SupportLevel.NOT_ASSESSED.value
        themes = rng.sample(list(QualityTheme), 3)
        CapacityProfile.objects.create(
            place=place,
            version=version,
            capacities=capacities,
            evidence={t.value: "Tilsynet vurderer temaet som opfyldt i høj grad." for t in themes},
            supervision_report_date=today - datetime.timedelta(days=rng.randint(30, 700)),
            specialities=[t.value for t in rng.sample(list(NeedTag), rng.randint(0, 3))],
            other_children_ages=sorted(rng.sample(range(0, 18), rng.randint(0, 3)))
            if foster
            else [],
            animals=rng.choice(["", "", "en hund", "to katte", "heste og høns"]) if foster else "",
            languages=["dansk", *rng.sample(LANGUAGES[1:], rng.randint(0, 1))],
            setting=rng.choice([Setting.TOWN, Setting.COUNTRY]).value,
            methods=rng.choice(
                ["", "Traumebevidst omsorg.", "Low Arousal og KRAP.", "Mentalisering."]
            ),
            change_note="Opdateret efter tilsynsbesøg." if version > 1 else "",
        )


def _declare(ctx: DemoContext, place: Place, today: datetime.date) -> None:
    roll = ctx.rng.random()
    if roll < 0.15:
        return  # never declared
    # About a quarter are stale: declared longer ago than the validity period.
    days_ago = ctx.rng.randint(35, 120) if roll < 0.4 else ctx.rng.randint(0, 27)
    declared = today - datetime.timedelta(days=days_ago)
    VacancyDeclaration.objects.create(
        place=place,
        declared_on=declared,
        expires_on=declared + datetime.timedelta(days=30),
        free_places=ctx.rng.randint(0, place.capacity),
    )


def _occupy(ctx: DemoContext, place: Place, today: datetime.date) -> None:
    for _ in range(ctx.rng.randint(0, place.capacity)):
        Placement.objects.create(
            place=place,
            child_ref=_uuid(ctx),
            start=today - datetime.timedelta(days=ctx.rng.randint(20, 900)),
        )
    if ctx.rng.random() < 0.1:
        Reservation.objects.create(place=place, child_ref=_uuid(ctx), start=today, note="Demo")


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    codes = [
        p
        for p in postcodes.all_postcodes()
        if 7000 <= int(p.code) <= 7500 or 8000 <= int(p.code) <= 8900
    ]
    municipalities = list(ctx.municipalities.values())
    child_refs: list[Any] = list(ctx.shared.get("children.child_refs", []))
    homes: dict[Any, Any] = ctx.shared.get("children.child_municipality", {})
    providers: list[Provider] = []
    families: list[Provider] = []
    institutions: list[Provider] = []
    place_ids: list[int] = []
    number = 0
    for place_type, count in MIX:
        form = PLACE_FORM[place_type]
        foster = form.value == "foster_family"
        for _ in range(count):
            number += 1
            where = rng.choice(codes)
            if foster:
                name = f"Plejefamilien {rng.choice(SURNAMES)}, {where.name} (fiktiv)"
            else:
                flower = rng.choice(INSTITUTION_NAMES)
                name = f"{KIND_WORD[place_type]} {flower}, {where.name} (fiktiv)"
            organisation = Organisation.objects.create(name=name, kind=OrganisationKind.PROVIDER)
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            responsible = (
                rng.choice(municipalities)
                if foster and municipalities and rng.random() < 0.7
                else None
            )
            network_child = None
            if place_type is PlaceType.FOSTER_FAMILY_NETWORK:
                # The municipality of the one child the family is approved for is responsible.
                network_child = child_refs.pop() if child_refs else _uuid(ctx)
                responsible = homes.get(network_child, responsible)
            provider = Provider.objects.create(
                organisation=organisation,
                registry_id=f"DEMO-{number:04d}",
                name=name,
                form=form.value,
                responsible_municipality=responsible,
                postcode=where.code,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                contact_name=f"{first} {last}",
                contact_email=f"kontakt{number}@tilbud.example",
                contact_phone=f"00 00 {number // 100:02d} {number % 100:02d}",
            )
            providers.append(provider)
            (families if foster else institutions).append(provider)
            units = 1 if foster else rng.randint(1, 3)
            for unit in range(units):
                network = place_type is PlaceType.FOSTER_FAMILY_NETWORK
                capacity = 1 if network else rng.randint(1, 3) if foster else rng.randint(4, 8)
                place = Place.objects.create(
                    provider=provider,
                    registry_id=f"DEMO-{number:04d}-{unit + 1}",
                    name="Plejefamilie" if foster else f"Afdeling {'ABC'[unit]}",
                    place_type=place_type.value,
                    capacity=capacity,
                    price_per_day=Decimal(rng.randint(12, 60) * 100) if not network else None,
                )
                place_ids.append(place.pk)
                low = rng.choice([0, 0, 3, 6, 12]) if place_type.value != "own_room" else 15
                valid_from = today - datetime.timedelta(days=rng.randint(60, 2000))
                authority = (
                    Authority.MUNICIPALITY
                    if network
                    else Authority.SOUTH
                    if int(where.code) < 7400
                    else Authority.MIDT
                )
                approving = provider.responsible_municipality or (
                    rng.choice(municipalities) if municipalities else None
                )
                Approval.objects.create(
                    place=place,
                    authority=authority,
                    approving_municipality=approving if network else None,
                    target_groups=[t.value for t in rng.sample(list(NeedTag), rng.randint(1, 4))],
                    age_min=low,
                    age_max=min(
                        17 if place_type.value != "own_room" else 22, low + rng.randint(5, 17)
                    ),
                    places=capacity,
                    valid_from=valid_from,
                    # A few approvals have run out, so matching can show "approval not valid".
                    valid_to=today - datetime.timedelta(days=5) if rng.random() < 0.04 else None,
                    conditions="Højst ét barn under 3 år." if rng.random() < 0.1 else "",
                    enhanced_supervision=rng.random() < 0.05,
                    supervision_order=rng.random() < 0.03,
                    child_ref=network_child if network else None,
                    before_final_approval=network and rng.random() < 0.3,
                )
                _profile(ctx, place, foster, today)
                _declare(ctx, place, today)
                _occupy(ctx, place, today)
    _support(ctx, families, institutions, today)
    _provider_users(ctx, families, institutions, today)
    data_version_bump()
    ctx.shared["providers.place_ids"] = place_ids


def _support(
    ctx: DemoContext, families: list[Provider], institutions: list[Provider], today: datetime.date
) -> None:
    """Seed 002: institutions supervise some reinforced and specialised foster families."""
    heavy = [f for f in families if f.places.filter(place_type__in=[
        "foster_family_reinforced", "foster_family_specialised"]).exists()]  # fmt: skip
    for family in ctx.rng.sample(heavy, min(18, len(heavy))):
        supporter = ctx.rng.choice(institutions)
        SupportArrangement.objects.create(
            family=family,
            supporter=supporter,
            kind=SupportKind.INSTITUTION_SUPERVISION.value,
            dimensions=[d.value for d in ctx.rng.sample(list(Dimension), 2)],
            hours_per_month=Decimal(ctx.rng.choice([4, 6, 8, 10])),
            contact=f"{ctx.rng.choice(FIRST_NAMES)} {ctx.rng.choice(SURNAMES)}, {supporter.name}",
            valid_from=today - datetime.timedelta(days=ctx.rng.randint(30, 400)),
            valid_to=today + datetime.timedelta(days=ctx.rng.randint(60, 365)),
        )
    for family in ctx.rng.sample(families, 4):
        SupportArrangement.objects.create(
            family=family,
            supporter_name=f"Konsulent {ctx.rng.choice(FIRST_NAMES)} {ctx.rng.choice(SURNAMES)}",
            kind=SupportKind.PROFESSIONAL_SUPERVISION.value,
            dimensions=[Dimension.STIMULATION_GUIDANCE.value],
            hours_per_month=Decimal(3),
            valid_from=today - datetime.timedelta(days=90),
        )


def _provider_users(
    ctx: DemoContext, families: list[Provider], institutions: list[Provider], today: datetime.date
) -> None:
    """A few providers get log-ins, and some municipal reads so "who viewed" has rows."""
    chosen = [families[0], families[1], institutions[0], institutions[1]]
    viewers = [u for (code, role), u in ctx.users.items() if role == Role.CASEWORKER]
    for provider in chosen:
        plain = provider.name.split(",")[0].lower().translate(DANISH_LETTERS)
        short = slugify(plain)[:40]
        for role in (Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF):
            first, last = ctx.person_name()
            User.objects.create(
                username=f"demo-{short}-{role.replace('provider_', '')}",
                first_name=first,
                last_name=last,
                email=f"{role}@{short}.example",
                organisation=provider.organisation,
                role=role,
                password=ctx.password_hash,
            )
        for viewer in viewers:
            for _ in range(ctx.rng.randint(1, 3)):
                AccessLogEntry.objects.create(
                    time=timezone.now() - datetime.timedelta(hours=ctx.rng.randint(1, 600)),
                    user=viewer,
                    username=viewer.username,
                    organisation_id=viewer.organisation_id,
                    action=Action.VIEW,
                    object_type="providers.provider",
                    object_id=str(provider.pk),
                    subject_type=PROVIDER_SUBJECT,
                    subject_id=str(provider.pk),
                    route="providers:provider_detail",
                )


def place_staff(ctx: DemoContext, place: Place) -> User:
    """Someone at the place to answer an inquiry: its provider's first user, else a new staff
    log-in (named after the registry number, so it lists after the named demo log-ins)."""
    organisation = place.provider.organisation
    existing = organisation.users.order_by("pk").first()
    if existing is not None:
        return existing
    first, last = ctx.person_name()
    number = place.provider.registry_id.lower().removeprefix("demo-")
    return User.objects.create(
        username=f"demo-tilbud-{number}-staff",
        first_name=first,
        last_name=last,
        email=f"staff@tilbud{number}.example",
        organisation=organisation,
        role=Role.PROVIDER_STAFF,
        password=ctx.password_hash,
    )
