# SPDX-License-Identifier: MPL-2.0
"""``manage.py bench_api``: calls per second of a place's inquiry list at 20 concurrent clients.

Fills a throwaway test database (PostgreSQL when DATABASE_URL points there, else an SQLite
file) with a place and its inquiries, starts gunicorn on 127.0.0.1 against it, and lets a pool
of threads call ``GET /api/v1/inquiries`` with one token until the count or the time runs out.
Every call is a real one: token check, rate limit (raised for the run), selector and access log.
"""

from __future__ import annotations

import datetime
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from matchengine.vocab import PlaceForm, PlaceType
from placematch.accounts.models import Organisation, OrganisationKind, Role, User
from placematch.api.services import token_create
from placematch.children import course
from placematch.children.models import Child
from placematch.core.demo import FIRST_NAMES
from placematch.matching.models import DisclosureBasis, Inquiry, Urgency
from placematch.providers.models import Place, Provider


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fill(inquiries: int) -> str:
    """A municipality, a place with ``inquiries`` inquiries, and a read token of the place."""
    day = timezone.localdate()
    municipality = Organisation.objects.create(
        name="Benchby Kommune (fiktiv)", kind=OrganisationKind.MUNICIPALITY, municipality_code="998"
    )
    home = Organisation.objects.create(name="Benchly (fiktiv)", kind=OrganisationKind.PROVIDER)
    sender = User.objects.create_user(
        username="bench-caseworker", password=None, organisation=municipality,
        role=Role.CASEWORKER,
    )  # fmt: skip
    admin = User.objects.create_user(
        username="bench-provider-admin", password=None, organisation=home,
        role=Role.PROVIDER_ADMIN,
    )  # fmt: skip
    provider = Provider.objects.create(
        organisation=home, registry_id="BENCH-API", name="Opholdsstedet Benchly (fiktiv)",
        form=PlaceForm.RESIDENTIAL, postcode="8600",
    )  # fmt: skip
    place = Place.objects.create(
        provider=provider, registry_id="BENCH-API-1", name="Benchly afdeling A",
        place_type=PlaceType.SMALL_RESIDENTIAL_HOME, capacity=6,
    )  # fmt: skip
    now = timezone.now()
    for number in range(inquiries):
        child = Child.objects.create(
            organisation=municipality, first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
            last_name="Benchholm", birth_date=day.replace(year=day.year - 8 - number % 9),
            case_number=f"BENCH-{number}", address_postcode="8600",
        )  # fmt: skip
        case = course.import_case(
            organisation=municipality, child=child, case_type="first_placement",
            status="matching", aware_date=day,
        )  # fmt: skip
        Inquiry.objects.create(
            organisation=municipality, case=case, place=place, urgency=Urgency.NORMAL,
            sent_at=now, due_at=now + datetime.timedelta(days=5), sent_by=sender,
            disclosure_basis=DisclosureBasis.NECESSARY, parents_informed_on=day,
            child_informed_on=day,
        )  # fmt: skip
    return token_create(
        request=None, user=admin, name="Bench", scopes=["inquiries:read"],
        expires_on=day + datetime.timedelta(days=1),
    ).secret  # fmt: skip


class Command(BaseCommand):
    help = "Calls per second of a place's inquiry list through the API at 20 concurrent clients."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument("--calls", type=int, default=2000, help="at most this many calls")
        parser.add_argument("--seconds", type=float, default=30.0, help="and at most this long")
        parser.add_argument("--inquiries", type=int, default=50)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")

    def handle(self, *args: Any, **options: Any) -> None:
        old_name = connection.settings_dict["NAME"]
        sqlite_file = ""
        if connection.vendor == "sqlite":
            # A file, not memory: the server runs in other processes.
            sqlite_file = str(
                Path(tempfile.gettempdir()) / f"placematch-bench-api-{os.getpid()}.db"
            )
            connection.settings_dict["TEST"]["NAME"] = sqlite_file
        test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            secret = _fill(options["inquiries"])
            if sqlite_file:
                database_url = f"sqlite:///{sqlite_file}"
            else:
                s = connection.settings_dict
                database_url = (
                    f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/"
                    f"{test_name}"
                )
            self._measure(secret, database_url, options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _measure(self, secret: str, database_url: str, options: dict[str, Any]) -> None:
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "PLACEMATCH_API_RATE_PER_MINUTE": str(10**9),
        }
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(options["workers"]), "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            self._wait_ready(base)
            self._run_clients(base, secret, options)
        finally:
            server.terminate()
            server.wait(timeout=30)

    @staticmethod
    def _wait_ready(base: str) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health/", timeout=10):  # noqa: S310
                    return
            except OSError:  # refused while gunicorn starts, or a timeout while workers boot
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def _run_clients(self, base: str, secret: str, options: dict[str, Any]) -> None:
        url = f"{base}/api/v1/inquiries?limit=50"
        headers = {"Authorization": f"Bearer {secret}"}
        limit, seconds = options["calls"], options["seconds"]
        taken = iter(range(limit))
        latencies: list[float] = []
        failures: list[int] = []

        def client() -> None:
            deadline = started + seconds
            while time.perf_counter() < deadline and next(taken, None) is not None:
                request = urllib.request.Request(url, headers=headers)  # noqa: S310
                begun = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                        response.read()
                        status = response.status
                except urllib.error.HTTPError as error:
                    status = error.code
                latencies.append(time.perf_counter() - begun)
                if status != 200:
                    failures.append(status)

        # One warm-up call per worker's first request, outside the figures.
        urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30).read()  # noqa: S310
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options["clients"]) as pool:
            for _ in range(options["clients"]):
                pool.submit(client)
        elapsed = time.perf_counter() - started
        calls = len(latencies)
        ms = sorted(v * 1000 for v in latencies)
        self.stdout.write(
            f"API place inquiry list ({options['inquiries']} inquiries, {connection.vendor}, "
            f"{options['workers']} gunicorn workers): {options['clients']} concurrent clients, "
            f"{calls} calls in {elapsed:.1f} s = {calls / elapsed:.0f} calls/s; "
            f"median {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms; "
            f"{len(failures)} not 200"
        )
