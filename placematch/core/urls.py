# SPDX-License-Identifier: MPL-2.0
"""core: URL patterns (liveness, readiness and metrics for the operator's monitoring)."""

from django.urls import path

from placematch.core import health

app_name = "core"
urlpatterns = [
    # Liveness; also the trivial page the benchmarks compare with.
    path("health/", health.live, name="health"),
    path("health/ready/", health.ready, name="ready"),
    # Prometheus's default address; 404 without the bearer token (PLACEMATCH_METRICS_TOKEN).
    path("metrics", health.metrics, name="metrics"),
]
