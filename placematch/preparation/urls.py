# SPDX-License-Identifier: MPL-2.0
"""preparation: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "preparation"
urlpatterns: list[URLPattern | URLResolver] = []
