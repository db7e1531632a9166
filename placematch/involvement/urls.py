# SPDX-License-Identifier: MPL-2.0
"""involvement: url patterns; the token's own route comes last so it matches nothing else."""

from django.urls import URLPattern, URLResolver, path

from placematch.involvement import views

app_name = "involvement"
urlpatterns: list[URLPattern | URLResolver] = [
    path("form/", views.form_page, name="form"),
    path("form/<slug:step>/", views.form_page, name="form_step"),
    path("pin/", views.pin_page, name="pin"),
    path("issue/<slug:form_key>/<str:subject_id>/", views.issue, name="issue"),
    path("links/<id:pk>/", views.link_detail, name="link_detail"),
    path("links/<id:pk>/revoke/", views.revoke, name="revoke"),
    path("<str:token>/", views.open_link, name="open"),
]
