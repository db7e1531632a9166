# SPDX-License-Identifier: MPL-2.0
"""providers: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "providers"
urlpatterns: list[URLPattern | URLResolver] = []
