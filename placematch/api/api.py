# SPDX-License-Identifier: MPL-2.0
"""api: the open API (django-ninja, OpenAPI 3 at /api/docs) over the apps' services, selectors."""

from __future__ import annotations

from ninja import NinjaAPI

from placematch.api import endpoints_municipality, endpoints_provider, errors
from placematch.api.auth import TokenAuth, TokenRateThrottle

DESCRIPTION = """
For a place's own system (a token of the provider organisation): its inquiries, the answers,
its places with capacity and vacancies. For the municipality's case system (a token of the
municipality): case status, decisions with their documents, and tasks.

Send the token as `Authorization: Bearer pm_…`. The organisation's administrator makes and
revokes tokens in placematch. Every refusal is JSON with a stable `code` and a `message` in the
language asked for by `Accept-Language` (Danish by default). See docs/api.md.
"""

api = NinjaAPI(
    title="placematch API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
)
errors.install(api)
api.add_router("/v1", endpoints_provider.router)
api.add_router("/v1", endpoints_municipality.router)
