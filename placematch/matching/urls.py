# SPDX-License-Identifier: MPL-2.0
"""matching: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "matching"
urlpatterns: list[URLPattern | URLResolver] = []
