# SPDX-License-Identifier: MPL-2.0
"""Shared set-up for the API's tests: the decision chain's world and tokens to call with."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from placematch.accounts.models import Role
from placematch.api.scopes import scopes_for
from placematch.api.services import token_create
from placematch.decisions.tests.conftest import _plain_shortlist, world  # noqa: F401

Call = Callable[..., Any]


@pytest.fixture
def token_for(users) -> Callable[..., str]:
    """A token's secret for an organisation key ("own", "provider", ...) and scopes."""

    def make(org_key: str, scopes: list[str] | None = None, **kwargs: Any) -> str:
        admin = users.get((org_key, Role.ADMIN)) or users[(org_key, Role.PROVIDER_ADMIN)]
        return token_create(
            request=None,
            user=admin,
            name=kwargs.get("name", f"System {org_key}"),
            scopes=scopes if scopes is not None else scopes_for(admin.organisation.kind),
            expires_on=kwargs.get("expires_on", timezone.localdate() + datetime.timedelta(days=30)),
        ).secret

    return make


class ApiClient:
    """A client that sends the token with every call, and JSON bodies."""

    def __init__(self, secret: str, language: str = "") -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(path, headers={**self.headers, **headers})

    def post(self, path: str, data: Any = None, *, raw: str | None = None, **headers: str) -> Any:
        import json

        body = raw if raw is not None else json.dumps(data or {})
        return self.client.post(
            path, body, content_type="application/json", headers={**self.headers, **headers}
        )


@pytest.fixture
def api_client() -> Callable[..., ApiClient]:
    return ApiClient
