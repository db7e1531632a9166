# SPDX-License-Identifier: MPL-2.0
"""outbox: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.outbox import views

app_name = "outbox"
urlpatterns: list[URLPattern | URLResolver] = [
    path("messages/<id:pk>/resend/", views.resend, name="resend"),
]
