# SPDX-License-Identifier: MPL-2.0
"""children: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.children.views import assessment, cases, voice

app_name = "children"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", cases.case_list, name="case_list"),
    path("new/", cases.child_create, name="child_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/assessment/", assessment.assessment_create, name="assessment_create"),
    path("cases/<int:pk>/assessments/", assessment.assessment_history, name="assessment_history"),
    path("cases/<int:pk>/conversations/", voice.conversations, name="conversations"),
    path("cases/<int:pk>/wishes/", voice.wishes, name="wishes"),
    path("cases/<int:pk>/parents/", voice.parents, name="parents"),
    path("cases/<int:pk>/people/", voice.people, name="people"),
]
