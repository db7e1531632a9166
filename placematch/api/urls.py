# SPDX-License-Identifier: MPL-2.0
"""api: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = []
