# SPDX-License-Identifier: MPL-2.0
"""followup: url patterns of endings, breakdowns, the next case, support checks and tasks."""

from django.urls import URLPattern, path

from placematch.followup import views_ending, views_tasks

urlpatterns: list[URLPattern] = [
    path("records/<id:pk>/end/", views_ending.placement_end, name="placement_end"),
    path("records/<id:pk>/breakdown/", views_ending.breakdown_add, name="breakdown_add"),
    path("records/<id:pk>/next-case/", views_ending.next_case_add, name="next_case_add"),
    path("support/<id:pk>/checks/", views_ending.support_check_add, name="support_check_add"),
    path("tasks/", views_tasks.task_list, name="task_list"),
]
