# SPDX-License-Identifier: MPL-2.0
"""api: the open API's operations and documentation, and the administrator's token pages."""

from django.urls import URLPattern, URLResolver, path

from placematch.api import views
from placematch.api.api import api
from placematch.core.routes import AccessClass, mark

# The schema and its documentation page are open (the root only names the prefix: 404);
# every operation needs a token.
PUBLIC_NAMES = frozenset({"openapi-json", "openapi-view", "api-root"})


def _api_patterns() -> list[URLPattern | URLResolver]:
    patterns, _app, _namespace = api.urls
    kept: list[URLPattern | URLResolver] = []
    for entry in patterns:
        if isinstance(entry, URLPattern):
            public = entry.name in PUBLIC_NAMES
            kept.append(entry)
            mark(entry.callback, AccessClass.PUBLIC if public else AccessClass.API)
    return kept


app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("provider-tokens/", views.provider_token_list, name="provider_tokens"),
    path(
        "provider-tokens/<id:pk>/revoke/",
        views.provider_token_revoke,
        name="provider_token_revoke",
    ),
    *_api_patterns(),
]
