# SPDX-License-Identifier: MPL-2.0
"""evaluation: url patterns of the pseudonymised export, appended to the app's urls."""

from django.urls import URLPattern, path

from placematch.evaluation import export_views

urlpatterns: list[URLPattern] = [
    path("export/", export_views.export, name="export"),
]
