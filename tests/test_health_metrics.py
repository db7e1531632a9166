# SPDX-License-Identifier: MPL-2.0
"""Liveness, readiness and the operator's request metrics, which only the token opens."""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError, connections
from django.db.migrations.executor import MigrationExecutor

from placematch.core import health

TOKEN = "a-fictitious-scraper-token-of-40-characters"


@pytest.fixture(autouse=True)
def _fresh_readiness(monkeypatch):
    monkeypatch.setitem(health._seen, "migrations_applied", False)


def test_liveness_answers_without_the_database(client):
    # No django_db mark: a query here would fail the test.
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_every_migration_is_applied(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


@pytest.mark.django_db
def test_not_ready_when_the_database_is_unreachable(client, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refused)
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable", "migrations": "unknown"}


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_pending(client, monkeypatch):
    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets: [("core", "9999_new")]
    )
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("configured", "sent"),
    [
        ("", ""),  # no token configured: nobody sees metrics
        ("", "Bearer "),
        (TOKEN, ""),
        (TOKEN, f"Bearer {TOKEN[:-1]}"),
        (TOKEN, TOKEN),  # not as a bearer token
    ],
)
def test_metrics_are_not_found_without_the_token(client, settings, configured, sent):
    settings.METRICS_TOKEN = configured
    response = client.get("/metrics", HTTP_AUTHORIZATION=sent) if sent else client.get("/metrics")
    assert response.status_code == 404
    assert b"django_http_requests" not in response.content


@pytest.mark.django_db
def test_metrics_are_not_found_for_a_signed_in_superuser(client, users, settings):
    settings.METRICS_TOKEN = TOKEN
    client.force_login(users[("none", "superuser")])
    assert client.get("/metrics").status_code == 404


def _health_requests(text: str) -> float:
    pattern = (
        r"^django_http_requests_total_by_view_transport_method_total"
        r'\{[^}]*view="core:health"[^}]*\} (\S+)$'
    )
    return sum(float(m) for m in re.findall(pattern, text, re.MULTILINE))


@pytest.mark.django_db
def test_metrics_with_the_token_count_the_requests_in_prometheus_text(client, settings):
    settings.METRICS_TOKEN = TOKEN
    scrape = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    before = _health_requests(client.get("/metrics", **scrape).content.decode())
    client.get("/health/")
    client.get("/health/")
    response = client.get("/metrics", **scrape)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "# TYPE django_http_requests_latency_seconds_by_view_method histogram" in text
    assert _health_requests(text) == before + 2
