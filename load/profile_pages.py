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
import os
import pstats
import statistics
import sys
import time

import django

REPEAT = int(os.environ.get("LOAD_REPEAT", "30"))
GROUPS = (
    ("session", ("sessions/",)),
    ("authentication, second factor", ("contrib/auth/", "django_otp/", "accounts/middleware")),
    ("access log", ("audit/services",)),
    ("templates", ("django/template/",)),
    ("database", ("django/db/", "psycopg")),
    ("middleware stack", ("django/core/handlers/base.py",)),
)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from placematch.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    client = Client()
    client.force_login(User.objects.get(username=sys.argv[1]))
    for url in sys.argv[2:]:
        client.get(url)  # warm: the first request loads templates and the place index
        times = []
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        profile = cProfile.Profile()
        for _ in range(REPEAT):
            began = time.perf_counter()
            profile.enable()
            status = client.get(url).status_code
            profile.disable()
            times.append(1000 * (time.perf_counter() - began))
        query_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{url}: {status}, median {statistics.median(times):.1f} ms, "
            f"{len(queries)} queries ({query_ms:.1f} ms)"
        )
        stats = pstats.Stats(profile)
        raw = stats.stats  # type: ignore[attr-defined]
        for group, needles in GROUPS:
            cumulative = max(
                (ct for (path, _l, _n), (_cc, _nc, _tt, ct, _c) in raw.items()
                 if any(n in path for n in needles)),
                default=0.0,
            )  # fmt: skip
            print(f"    {group:<32} {1000 * cumulative / REPEAT:7.1f} ms")
        if os.environ.get("LOAD_TOP"):
            stats.sort_stats("cumulative").print_stats(int(os.environ["LOAD_TOP"]))


if __name__ == "__main__":
    main()
