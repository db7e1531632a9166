# SPDX-License-Identifier: MPL-2.0
"""followup: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.followup import urls_ending, urls_sides, views

app_name = "followup"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.placement_list, name="placement_list"),
    path("cases/<id:pk>/", views.case_followup, name="case_followup"),
    path("cases/<id:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("records/<id:pk>/investigation/", views.investigation_set, name="investigation_set"),
    path("records/<id:pk>/followups/", views.followup_add, name="followup_add"),
    path("records/<id:pk>/visits/", views.visit_add, name="visit_add"),
    path("followups/<id:pk>/", views.followup_hold, name="followup_hold"),
]
urlpatterns += urls_ending.urlpatterns
urlpatterns += urls_sides.urlpatterns
