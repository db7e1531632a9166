# SPDX-License-Identifier: MPL-2.0
"""decisions: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "decisions"
urlpatterns: list[URLPattern | URLResolver] = []
