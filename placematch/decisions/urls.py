# SPDX-License-Identifier: MPL-2.0
"""decisions: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.decisions import documents, views

app_name = "decisions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/", views.case_decisions, name="case_decisions"),
    path("cases/<int:pk>/meeting/new/", views.meeting_start, name="meeting_start"),
    path("cases/<int:pk>/decide/", views.decision_new, name="decision_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/", views.decision_detail, name="decision_detail"),
    path("<int:pk>/withdraw/", views.decision_withdraw, name="decision_withdraw"),
    path("<int:pk>/basis.pdf", documents.decision_basis, name="decision_basis"),
    path(
        "<int:pk>/basis-for-parents.pdf",
        documents.decision_basis_parents,
        name="decision_basis_parents",
    ),
    path("<int:pk>/letter.pdf", documents.decision_letter, name="decision_letter"),
    path("<int:pk>/location-letter.pdf", documents.location_letter, name="location_letter"),
]
