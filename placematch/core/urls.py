# SPDX-License-Identifier: MPL-2.0
"""core: URL patterns (health check)."""

from django.urls import path

from placematch.core import views

app_name = "core"
urlpatterns = [path("health/", views.health, name="health")]
