# SPDX-License-Identifier: MPL-2.0
"""audit: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "audit"
urlpatterns: list[URLPattern | URLResolver] = []
