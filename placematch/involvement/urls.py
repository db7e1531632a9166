# SPDX-License-Identifier: MPL-2.0
"""involvement: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "involvement"
urlpatterns: list[URLPattern | URLResolver] = []
