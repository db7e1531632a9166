# SPDX-License-Identifier: MPL-2.0
"""Shared test fixtures: organisations, users per role, logged-in clients, browser and axe."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

hypothesis_settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

pytest_plugins = [
    "tests.fixtures",
    "tests.browser",
    "tests.hostile_summary",
    "tests.oidc_provider",
    "tests.speed",
]


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OTP_REQUIRED = False
    settings.AXES_ENABLED = True
    settings.LANGUAGE_CODE = "da"
    # Per-process caches of place indexes and runs must not outlive a test's database.
    from placematch.matching.indexes import cache
    from placematch.matching.shortlist import forget_views

    cache.clear()
    forget_views()


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test fails the run: nothing may pass by not running."""
    if not os.environ.get("CI") or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"CI: {skipped} skipped test(s) count as a failure.", red=True)
