# SPDX-License-Identifier: MPL-2.0
"""evaluation: url patterns."""

from django.urls import URLPattern, URLResolver

app_name = "evaluation"
urlpatterns: list[URLPattern | URLResolver] = []
