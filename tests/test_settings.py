# SPDX-License-Identifier: MPL-2.0
"""Production settings refuse unsafe values and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import Env, EnvError

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-only-" + "z" * 30


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PLACEMATCH_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_default_secret_key():
    result = _manage("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="match.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _manage(
        "check", DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_DEBUG="true"
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be false" in result.stderr


def test_production_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="match.example",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_demo_data_refuses_to_run_without_debug():
    result = _manage("demo_data", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "DJANGO_DEBUG=true" in result.stderr


def test_environment_parser_gives_clear_errors():
    env = Env({"FLAG": "maybe", "COUNT": "ten", "HOSTS": "a.example, b.example,"})
    with pytest.raises(EnvError, match="FLAG must be true or false"):
        env.boolean("FLAG")
    with pytest.raises(EnvError, match="COUNT must be a whole number"):
        env.integer("COUNT", 1)
    assert env.strings("HOSTS") == ["a.example", "b.example"]
    assert env.integer("MISSING", 7) == 7
    pairs = Env({"GOOD": "101 = a, 147=b", "BAD": "101"})
    assert pairs.mapping("GOOD") == {"101": "a", "147": "b"}
    with pytest.raises(EnvError, match="BAD must be key=value pairs"):
        pairs.mapping("BAD")


def test_time_zone_is_copenhagen(settings):
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert settings.LANGUAGE_CODE == "da"
