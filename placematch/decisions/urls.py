# SPDX-License-Identifier: MPL-2.0
"""decisions: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.decisions import downloads, views

app_name = "decisions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<id:pk>/", views.case_decisions, name="case_decisions"),
    path("cases/<id:pk>/meeting/new/", views.meeting_start, name="meeting_start"),
    path("cases/<id:pk>/decide/", views.decision_new, name="decision_new"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/hold/", views.meeting_hold, name="meeting_hold"),
    path("meetings/<id:pk>/hold/release/", views.meeting_hold_release, name="meeting_hold_release"),
    path("<id:pk>/", views.decision_detail, name="decision_detail"),
    path("<id:pk>/withdraw/", views.decision_withdraw, name="decision_withdraw"),
    path("<id:pk>/committee/", views.provisional_approve, name="provisional_approve"),
    path("<id:pk>/basis.pdf", downloads.decision_basis, name="decision_basis"),
    path(
        "<id:pk>/basis-for-parents.pdf",
        downloads.decision_basis_parents,
        name="decision_basis_parents",
    ),
    path("<id:pk>/letters/<id:person>.pdf", downloads.decision_letter, name="decision_letter"),
    path("<id:pk>/letters/child.pdf", downloads.child_letter, name="child_letter"),
    path("<id:pk>/documents/", downloads.decision_documents, name="decision_documents"),
    path("<id:pk>/location-letter.pdf", downloads.location_letter, name="location_letter"),
    path("<id:pk>/journal.zip", downloads.decision_journal, name="decision_journal"),
]
