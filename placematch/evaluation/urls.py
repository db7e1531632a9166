# SPDX-License-Identifier: MPL-2.0
"""evaluation: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.evaluation import urls_export, views

app_name = "evaluation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.started, name="started"),
    path("stability/", views.stability, name="stability"),
    path("engine/", views.engine, name="engine"),
    path("fidelity/", views.fidelity, name="fidelity"),
    path("surveys/", views.surveys, name="surveys"),
]
urlpatterns += urls_export.urlpatterns
