# SPDX-License-Identifier: MPL-2.0
"""``manage.py bench_match``: timings of the match page on a realistic registry, for make bench.

Runs in a throwaway test database on the configured database (PostgreSQL when DATABASE_URL
points there): fills it with seeded, visibly fictitious providers and places, times the first
build of the place index, makes one match, then requests the stored run's page many times with a
warm index and compares it with a trivial page (the health check) in the same run.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.utils import timezone

from matchengine.vocab import Dimension, NeedTag, PlaceType, SupportLevel
from placematch.accounts.models import Organisation, OrganisationKind, Role, User
from placematch.children import course
from placematch.children.models import Assessment, AssessmentNeed, Case, Child
from placematch.core import postcodes
from placematch.core.demo import SURNAMES
from placematch.matching.adapter import RunOptions
from placematch.matching.indexes import cache, current_index
from placematch.matching.services_runs import match_run_create
from placematch.providers.models import (
    Approval,
    Authority,
    CapacityProfile,
    Place,
    Provider,
    VacancyDeclaration,
)
from placematch.providers.services import data_version_bump

LEVELS = [lvl.value for lvl in SupportLevel if lvl is not SupportLevel.NOT_ASSESSED]
TYPES = [
    (PlaceType.FOSTER_FAMILY_GENERAL, 30),
    (PlaceType.FOSTER_FAMILY_REINFORCED, 20),
    (PlaceType.FOSTER_FAMILY_SPECIALISED, 8),
    (PlaceType.SMALL_RESIDENTIAL_HOME, 20),
    (PlaceType.RESIDENTIAL_INSTITUTION, 15),
    (PlaceType.SECURE_UNIT, 2),
    (PlaceType.OWN_ROOM, 3),
    (PlaceType.BOARDING_SCHOOL, 2),
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _registry(rng: random.Random, count: int, day: datetime.date) -> None:
    codes = [p.code for p in postcodes.all_postcodes()]
    tags = [t.value for t in NeedTag]
    per_provider = 4
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bench-tilbud {i} (fiktiv)", kind=OrganisationKind.PROVIDER)
        for i in range(count // per_provider)
    )
    providers = Provider.objects.bulk_create(
        Provider(
            organisation=org,
            registry_id=f"BENCH-{i:05d}",
            name=f"Tilbuddet {SURNAMES[i % len(SURNAMES)]} {i} (fiktiv)",
            form="residential",
            postcode=rng.choice(codes),
        )
        for i, org in enumerate(orgs)
    )
    kinds, weights = zip(*TYPES, strict=True)
    places = Place.objects.bulk_create(
        Place(
            provider=providers[i // per_provider],
            registry_id=f"BENCH-P{i:06d}",
            name=f"Afdeling {i}",
            place_type=rng.choices(kinds, weights)[0],
            capacity=rng.choice([1, 1, 2, 2, 3, 4, 6]),
        )
        for i in range(len(providers) * per_provider)
    )
    Approval.objects.bulk_create(
        Approval(
            place=p,
            authority=Authority.MIDT,
            target_groups=rng.sample(tags, rng.randint(2, 8)),
            age_min=(low := rng.choice([0, 0, 3, 6, 10, 12])),
            age_max=min(17, low + rng.choice([5, 8, 11, 17])),
            places=p.capacity,
            valid_from=day - datetime.timedelta(days=rng.randint(30, 2000)),
            valid_to=None if rng.random() < 0.9 else day - datetime.timedelta(days=5),
        )
        for p in places
    )
    CapacityProfile.objects.bulk_create(
        CapacityProfile(
            place=p,
            version=1,
            capacities={d.value: rng.choice(LEVELS) for d in Dimension},
            specialities=rng.sample(tags, 2),
            other_children_ages=rng.sample(range(0, 17), rng.randint(0, 3)),
            setting=rng.choice(["town", "country"]),
        )
        for p in places
    )
    VacancyDeclaration.objects.bulk_create(
        VacancyDeclaration(
            place=p,
            declared_on=(declared := day - datetime.timedelta(days=rng.randint(0, 60))),
            expires_on=declared + datetime.timedelta(days=30),
            free_places=p.capacity,
        )
        for p in places
        if rng.random() < 0.8
    )
    data_version_bump()


def _case(day: datetime.date) -> tuple[Case, User]:
    municipality = Organisation.objects.create(
        name="Benchby Kommune (fiktiv)", kind=OrganisationKind.MUNICIPALITY, municipality_code="999"
    )
    user = User.objects.create_user(
        username="bench-team-leader",
        password=None,
        organisation=municipality,
        role=Role.TEAM_LEADER,
        first_name="Testine",
        last_name="Benchmedarbejder",
    )
    child = Child.objects.create(
        organisation=municipality,
        first_name="Vilja",
        last_name="Benchholm",
        birth_date=day.replace(year=day.year - 11),
        case_number="BENCH-1",
        address_postcode="8600",
        school_postcode="8600",
    )
    case = course.import_case(
        organisation=municipality,
        child=child,
        case_type="first_placement",
        status="matching",
        aware_date=day,
    )
    assessment = Assessment.objects.create(
        organisation=municipality, case=case, version=1, created_by=user, need_tags=["adhd"]
    )
    for dimension in Dimension:
        AssessmentNeed.objects.create(assessment=assessment, dimension=dimension, level="moderate")
    return case, user


class Command(BaseCommand):
    help = "Time the match page on a registry of many places (in a throwaway test database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--places", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        # The test client's host; the test environment's template instrumentation is left out,
        # because it would slow every page down and distort the figures.
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            self._run(options["places"], options["requests"], connection.vendor)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, count: int, requests: int, vendor: str) -> None:
        out = self.stdout.write
        day = timezone.localdate()
        rng = random.Random(2026)
        started = time.perf_counter()
        _registry(rng, count, day)
        case, user = _case(day)
        out(f"match page on {vendor}: {Place.objects.count()} places "
            f"(filled in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        cache.clear()
        started = time.perf_counter()
        loaded = current_index(day)
        first_build = time.perf_counter() - started
        out(f"  first build of the place index: {first_build * 1000:.0f} ms "
            f"({len(loaded.index)} places in the engine, snapshot "
            f"{len(bytes(loaded.snapshot.data)) / 1024:.0f} KiB compressed)")  # fmt: skip
        cache.clear()
        started = time.perf_counter()
        current_index(day)
        out(f"  index loaded from the stored snapshot (another process): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms")  # fmt: skip
        started = time.perf_counter()
        run = match_run_create(request=None, user=user, case=case, options=RunOptions())
        out(f"  making a match (warm index, stored with its result): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms, "
            f"{run.included_count} places can take the child")  # fmt: skip
        client = Client()
        client.force_login(user)
        page = f"/matching/runs/{run.pk}/"
        trivial = "/health/"
        for url in (page, trivial):  # warm both (the run's parsed view is kept per process)
            assert client.get(url).status_code == 200, url
        timings: dict[str, list[float]] = {page: [], trivial: []}
        for _ in range(requests):
            for url in (page, trivial):
                started = time.perf_counter()
                response = client.get(url)
                timings[url].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        match_ms, trivial_ms = timings[page], timings[trivial]
        out(f"  GET stored run page, {requests} requests: median "
            f"{statistics.median(match_ms):.1f} ms, p95 {_percentile(match_ms, 0.95):.1f} ms "
            f"(target p95 <= 150 ms)")  # fmt: skip
        out(f"  GET trivial page (health check): median {statistics.median(trivial_ms):.1f} ms, "
            f"p95 {_percentile(trivial_ms, 0.95):.1f} ms; ratio of medians "
            f"{statistics.median(match_ms) / statistics.median(trivial_ms):.1f}x")  # fmt: skip
        filtered = f"{page}?type=small_residential_home&free=on&fresh=on&km=80"
        timings[filtered] = []
        for _ in range(max(20, requests // 4)):
            started = time.perf_counter()
            client.get(filtered)
            timings[filtered].append((time.perf_counter() - started) * 1000)
        out(f"  GET with filters (explained beyond the stored shortlist): median "
            f"{statistics.median(timings[filtered]):.1f} ms, "
            f"p95 {_percentile(timings[filtered], 0.95):.1f} ms")  # fmt: skip
