# SPDX-License-Identifier: MPL-2.0
"""children: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "children"
urlpatterns: list[URLPattern | URLResolver] = []
