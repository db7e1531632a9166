# SPDX-License-Identifier: MPL-2.0
"""Schemathesis over every operation with a valid token of each kind: no server error, and
every answer as the published schema says (status code, content type, body)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from placematch.matching.tests.factories import InquiryFactory

# The project's WSGI application, made the way config.wsgi makes it (apps never import config).
application = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 8
CALLS: list[int] = []


def run(operation: Any, secret: str) -> None:
    """A few derandomised examples of one operation with one token; the first failure raises."""

    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(case=operation.as_strategy())
    def check(case: schemathesis.Case) -> None:
        response = case.call(headers={"Authorization": f"Bearer {secret}"})
        CALLS.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    check()


@pytest.fixture
def keep_test_connection():
    """Called as a real WSGI app, Django would close the test's database connection after each
    request (PostgreSQL); the test client leaves it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_every_operation_answers_as_its_schema_says_with_every_kind_of_token(
    world, token_for, settings
):
    settings.API_RATE_PER_MINUTE = 100_000  # the rate limit has its own test
    InquiryFactory(case=world["case"], place=world["place"])  # one awaiting an answer
    tokens = [
        token_for("provider"),
        token_for("provider", ["inquiries:read", "capacity:read"]),
        token_for("own"),
    ]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for secret in tokens:
            run(operation, secret)
    assert len(operations) >= 16
    # Not only refusals: each kind of token was let in somewhere.
    assert 200 in CALLS and 403 in CALLS and 404 in CALLS
