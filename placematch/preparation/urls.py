# SPDX-License-Identifier: MPL-2.0
"""preparation: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.preparation import views, views_consultant, views_provider

app_name = "preparation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<id:pk>/", views.case_plan, name="case_plan"),
    path("cases/<id:pk>/start/", views.plan_start, name="plan_start"),
    path("plans/<id:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("plans/<id:pk>/checklist/", views.checklist_add, name="checklist_add"),
    path("plans/<id:pk>/contact/", views.contact_add, name="contact_add"),
    path("plans/<id:pk>/move/", views.move_date, name="move_date"),
    path("plans/<id:pk>/mutual-yes/", views.mutual_yes, name="mutual_yes"),
    path("meetings/<id:pk>/held/", views.meeting_held, name="meeting_held"),
    path("items/<id:pk>/done/", views.checklist_done, name="checklist_done"),
    path("placement/", views_provider.provider_list, name="provider_list"),
    path("placement/<id:pk>/", views_provider.provider_plan, name="provider_plan"),
    path(
        "placement/items/<id:pk>/done/",
        views_provider.provider_item_done,
        name="provider_item_done",
    ),
    path("families/", views_consultant.consultant_list, name="consultant_list"),
    path("families/<id:pk>/", views_consultant.consultant_plan, name="consultant_plan"),
    path(
        "families/items/<id:pk>/done/",
        views_consultant.consultant_item_done,
        name="consultant_item_done",
    ),
]
