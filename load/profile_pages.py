# SPDX-License-Identifier: MPL-2.0
"""Where a signed-in page's time goes: per page, the median time, the queries and a profile.

Runs in one process with Django's test client against the load database (no server, no
network), signed in as the given user: ``python -m load.profile_pages USER URL...``. Prints per
URL the median of LOAD_REPEAT requests (30), the number of queries and their time, and the
functions with the most cumulative time in a cProfile of the repeats, grouped by the layer
they belong to (session, authentication and second factor, access log, templates, database).
"""

from __future__ import annotations

import cProfile
import logging
import os
import pstats
import statistics
import sys
import time
from typing import Any

import django

REPEAT = int(os.environ.get("LOAD_REPEAT", "30"))
SLOWEST = 3
# Self time (not counting callees) of the functions in these files; the rest is "other".
GROUPS = (
    ("database (SQL, waiting, rows)", ("django/db/", "psycopg")),
    ("templates", ("django/template/", "django/templatetags/", "templatetags/")),
    ("session, authentication, 2FA", ("sessions/", "contrib/auth/", "django_otp/")),
    ("middleware (others)", ("middleware", "csp/", "whitenoise/", "axes/", "headers.py")),
    ("translation, formats", ("django/utils/translation", "django/utils/formats")),
    ("placematch code", ("/placematch/", "/matchengine/")),
)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from placematch.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    logging.disable(logging.WARNING)  # the 404s of the baseline
    client = Client()
    client.force_login(User.objects.get(username=sys.argv[1]))
    for url in sys.argv[2:]:
        client.get(url)  # warm: the first request loads templates and the place index
        times = []
        queries: list[tuple[float, str]] = []

        def timed(
            execute: Any, sql: str, params: Any, many: bool, context: Any, queries: list = queries
        ) -> Any:
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((time.perf_counter() - began, sql))

        with connection.execute_wrapper(timed):
            client.get(url)
        profile = cProfile.Profile()
        for _ in range(REPEAT):
            began = time.perf_counter()
            profile.enable()
            status = client.get(url).status_code
            profile.disable()
            times.append(1000 * (time.perf_counter() - began))
        query_ms = sum(seconds for seconds, _sql in queries) * 1000
        print(
            f"{url}: {status}, median {statistics.median(times):.1f} ms, "
            f"{len(queries)} queries ({query_ms:.1f} ms)"
        )
        stats = pstats.Stats(profile)
        raw = stats.stats  # type: ignore[attr-defined]
        spent = dict.fromkeys([g for g, _n in GROUPS] + ["other"], 0.0)
        for (path, _line, _name), (_cc, _nc, own, _ct, _callers) in raw.items():
            group = next((g for g, needles in GROUPS if any(n in path for n in needles)), "other")
            spent[group] += own
        for group, seconds in spent.items():
            print(f"    {group:<32} {1000 * seconds / REPEAT:7.1f} ms")
        for seconds, sql in sorted(queries, reverse=True)[:SLOWEST]:
            print(f"    slowest query {1000 * seconds:6.1f} ms: {sql[:160]}")
        if os.environ.get("LOAD_TOP"):
            stats.sort_stats("tottime").print_stats(int(os.environ["LOAD_TOP"]))


if __name__ == "__main__":
    main()
