# SPDX-License-Identifier: MPL-2.0
"""followup: url patterns of the placement's and the family-care consultant's pages."""

from django.urls import URLPattern, URLResolver, path

from placematch.followup import views_sides

urlpatterns: list[URLPattern | URLResolver] = [
    path("placement/", views_sides.provider_list, name="provider_list"),
    path("placement/<id:pk>/", views_sides.provider_record, name="provider_record"),
    path("consultant/", views_sides.consultant_list, name="consultant_list"),
    path("consultant/<id:pk>/", views_sides.consultant_record, name="consultant_record"),
]
