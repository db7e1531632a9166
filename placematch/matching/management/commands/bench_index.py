# SPDX-License-Identifier: MPL-2.0
"""``manage.py bench_index``: how quickly a change to one place reaches the warm place index.

Runs in a throwaway test database on the configured database (PostgreSQL when DATABASE_URL
points there), filled with the same seeded, visibly fictitious registry as ``bench_match``.
After one full build it makes changes through the providers' services (a vacancy, a
reservation and its release, a capacity profile) and times each change and the next
``current_index`` call, which patches the index; then the snapshot a run would store, and
checks that the patched index stores the same snapshot as a full build would.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from typing import Any
from uuid import uuid4

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from matchengine.vocab import Dimension
from placematch.matching.indexes import _Cache, _current, cache, current_index
from placematch.matching.management.commands.bench_match import LEVELS, _percentile, _registry
from placematch.providers import ledger
from placematch.providers.models import Place
from placematch.providers.services import capacity_profile_create, vacancy_declare


def _ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.1f} ms, p95 {_percentile(values, 0.95):.1f} ms, "
        f"max {max(values):.1f} ms"
    )


class Command(BaseCommand):
    help = "Time a change to one place until the warm place index includes it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--places", type=int, default=10_000)
        parser.add_argument("--changes", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            self._run(options["places"], options["changes"], connection.vendor)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, count: int, changes: int, vendor: str) -> None:
        out = self.stdout.write
        day = timezone.localdate()
        rng = random.Random(2027)
        _registry(rng, count, day)
        places = list(Place.objects.order_by("pk"))
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        out(f"place index on {vendor}: {len(places)} places (load average {load})")
        cache.clear()
        started = time.perf_counter()
        current_index(day)
        out(f"  full build: {(time.perf_counter() - started) * 1000:.0f} ms")

        change_ms: list[float] = []
        patch_ms: list[float] = []
        cpu_ms: list[float] = []
        total_ms: list[float] = []
        store_ms: list[float] = []

        def timed(change: Any) -> None:
            started = time.perf_counter()
            changed_place = change()
            changed = time.perf_counter()
            cpu = time.process_time()
            loaded = current_index(day)
            done = time.perf_counter()
            cpu_ms.append((time.process_time() - cpu) * 1000)
            assert str(changed_place.pk) in loaded.index.position or changed_place.pk in (
                int(k) for k in loaded.snapshot.left_out
            )
            change_ms.append((changed - started) * 1000)
            patch_ms.append((done - changed) * 1000)
            total_ms.append((done - started) * 1000)

        def vacancy() -> Place:
            place = rng.choice(places)
            vacancy_declare(
                actor=None,
                place=place,
                free_places=rng.randint(0, place.capacity),
                check_access=False,
            )
            return place

        held: list[Any] = []

        def reserve() -> Place:
            for place in rng.sample(places, 50):
                try:
                    held.append(ledger.place_reserve(actor=None, place=place, child_ref=uuid4()))
                except ledger.NoFreePlaceError:
                    continue
                return place
            raise RuntimeError("no free place found to reserve")

        def release() -> Place:
            row = ledger.reservation_release(actor=None, reservation=held.pop())
            return row.place

        def profile() -> Place:
            place = rng.choice(places)
            capacity_profile_create(
                actor=None,
                place=place,
                capacities={d.value: rng.choice(LEVELS) for d in Dimension},
                setting=rng.choice(["town", "country"]),
                change_note="Benchmark",
                check_access=False,
            )
            return place

        builds = cache.builds
        for _ in range(changes):
            for change in (vacancy, reserve, release, profile):
                timed(change)
            started = time.perf_counter()
            current_index(day).snapshot  # noqa: B018 - stored as a run would store it
            store_ms.append((time.perf_counter() - started) * 1000)
        assert cache.builds == builds, "a change rebuilt the index instead of patching it"
        out(f"  {len(total_ms)} changes (vacancy, reservation, release, capacity profile), "
            f"{cache.patches} patches, no rebuild")  # fmt: skip
        out(f"  change through the service: {_ms(change_ms)}")
        out(f"  from the committed change to an index that includes it (the next "
            f"current_index, which patches): {_ms(patch_ms)} (target <= 50 ms); CPU in this "
            f"process: median {statistics.median(cpu_ms):.1f} ms")  # fmt: skip
        out(f"  the change and the patch together: {_ms(total_ms)}")
        out(f"  storing the patched index's snapshot (when a run is made): {_ms(store_ms)}")
        patched = current_index(day).snapshot.sha256
        fresh = _Cache()
        started = time.perf_counter()
        rebuilt = _current(fresh, day)
        rebuilt_ms = (time.perf_counter() - started) * 1000
        same = "same" if rebuilt.snapshot.sha256 == patched else "DIFFERENT"
        out(f"  full build for comparison: {rebuilt_ms:.0f} ms; snapshot hash {same} as patched")
        assert same == "same"
