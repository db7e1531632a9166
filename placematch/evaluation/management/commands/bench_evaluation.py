# SPDX-License-Identifier: MPL-2.0
"""``manage.py bench_evaluation``: how fast the evaluation's pages render for a whole country.

Fabricates 15,000 started placements over ten years in memory (the rows the dataset builds
from the database), then renders every evaluation page as an analyst sees it, each split of
the stability page included, and reports the warm time per page (the best of three runs after
one to warm up). The budget is 1 s per page. Nothing touches the database.
"""

from __future__ import annotations

import time
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import RequestFactory, override_settings
from django.utils import translation

from placematch.accounts.models import Organisation, OrganisationKind, Role, User
from placematch.evaluation import stats, views
from placematch.evaluation.fabricate import fabricate

BUDGET_S = 1.0
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


class Command(BaseCommand):
    help = "Time the evaluation pages on 15,000 fabricated placements over ten years."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--placements", type=int, default=15_000)
        parser.add_argument("--years", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = fabricate(options["placements"], years=options["years"])
        analyst = User(
            pk=1, username="bench", role=Role.ANALYST,
            organisation=Organisation(pk=1, name="Bench", kind=OrganisationKind.MUNICIPALITY),
        )  # fmt: skip
        pages: list[tuple[str, Any, dict[str, str]]] = [
            ("started", views.started, {}),
            *[("stability", views.stability, {"split": name}) for name in stats.SPLITS],
            ("engine", views.engine, {}),
            ("fidelity", views.fidelity, {}),
        ]
        factory = RequestFactory()
        slowest = 0.0
        # The pages' stylesheet link needs no collected static files for a timing.
        plain = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
        with (
            mock.patch.object(views, "placement_rows", return_value=rows),
            translation.override("da"),
            override_settings(STORAGES=plain),
        ):
            for key, view, query in pages:
                timings, cpu = [], []
                for _run in range(4):
                    request = factory.get("/", query)
                    request.user = analyst
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = view(request)
                    timings.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - started_cpu)
                    if response.status_code != 200:
                        raise CommandError(f"{key} {query} answered {response.status_code}")
                best = min(timings[1:])
                slowest = max(slowest, best)
                label = f"{key} {query.get('split', '')}".strip()
                # CPU time beside wall time: on a shared machine the wall time includes waiting.
                self.stdout.write(
                    f"evaluation {label:<24} {best * 1000:7.0f} ms warm "
                    f"({min(cpu[1:]) * 1000:.0f} ms CPU)"
                )
        verdict = "within" if slowest <= BUDGET_S else "OVER"
        self.stdout.write(
            f"evaluation pages, {len(rows):,} placements over {options['years']} years: slowest "
            f"{slowest * 1000:.0f} ms ({verdict} the {BUDGET_S:.0f} s budget)"
        )
