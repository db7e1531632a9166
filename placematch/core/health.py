# SPDX-License-Identifier: MPL-2.0
"""Health for the operator's monitoring: liveness, readiness, and request metrics behind a token.

Liveness answers from the process alone. Readiness asks the database and the migration state, so
a load balancer sends no request to an instance that cannot serve it. Metrics come from
django-prometheus's middleware (request counts and latencies by view name, never by address, so
they hold no personal data) and are shown only to a scraper with the configured bearer token.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView

from placematch.core.routes import AccessClass, mark, public

# Once every migration is seen applied, a process keeps knowing it: migrations are applied
# before a new version starts, never undone under a running one.
_seen: dict[str, bool] = {"migrations_applied": False}


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _migrations_applied() -> bool:
    if _seen["migrations_applied"]:
        return True
    executor = MigrationExecutor(connection)
    applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    _seen["migrations_applied"] = applied
    return applied


def readiness() -> dict[str, str]:
    """Each check's state; the instance is ready when every one is "ok"."""
    if not _database_reachable():
        return {"database": "unreachable", "migrations": "unknown"}
    try:
        migrations = "ok" if _migrations_applied() else "pending"
    except DatabaseError:
        migrations = "unknown"
    return {"database": "ok", "migrations": migrations}


@public
@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers (no database), so a restart is not triggered by the DB."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database answers and every migration is applied, else 503."""
    checks = readiness()
    ok = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


def _token_matches(request: HttpRequest) -> bool:
    expected = settings.METRICS_TOKEN
    if not expected:
        return False
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format for a scraper with the token; 404 for everyone else."""
    if not _token_matches(request):
        raise Http404
    return ExportToDjangoView(request)


mark(metrics, AccessClass.TOKEN)
