# SPDX-License-Identifier: MPL-2.0
"""Fixtures for the secure-link tests: the test form registered, an empty cache, helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from placematch.accounts.models import Role, User
from placematch.involvement import registry
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_issue
from placematch.involvement.tests import specs

TOKEN_IN_PAGE = re.compile(r"/l/([A-Za-z0-9_-]{43})/")


@pytest.fixture(autouse=True)
def _test_forms() -> Iterator[None]:
    specs.register_test_specs()
    specs.saved.clear()
    specs.moved.clear()
    cache.clear()
    yield
    specs.saved.clear()
    specs.moved.clear()
    cache.clear()
    registry.register(specs.make_spec(specs.KEY))


@pytest.fixture
def caseworker(municipality, make_user) -> User:
    """One caseworker in the own municipality (the shared fixture makes every role)."""
    return make_user(municipality, Role.CASEWORKER)


@pytest.fixture
def subject(municipality) -> str:
    return f"{municipality.pk}-7"


@pytest.fixture
def issue(caseworker, subject) -> Callable[..., tuple[SecureLink, str]]:
    """Make a link for the test form through the service."""

    def make(actor: User | None = None, **kwargs: object) -> tuple[SecureLink, str]:
        options: dict[str, object] = {"form_key": specs.KEY, "subject_id": subject}
        options.update(kwargs)
        return link_issue(actor=actor or caseworker, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def visitor() -> Client:
    """The child or parent: an anonymous browser."""
    return Client()
