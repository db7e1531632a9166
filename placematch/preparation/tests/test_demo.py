# SPDX-License-Identifier: MPL-2.0
"""The preparation demo on its own (the whole demo's test is tests/test_demo.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from placematch.core.demo import DemoContext
from placematch.preparation import demo
from placematch.preparation.models import PreparationPlan

pytestmark = pytest.mark.django_db


def test_without_a_decided_case_the_demo_starts_nothing(db):
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    demo.load(ctx)
    assert not PreparationPlan.objects.exists()
