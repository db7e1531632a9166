# SPDX-License-Identifier: MPL-2.0
"""children: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.children.views import (
    access_report,
    assessment,
    cases,
    disclosure,
    imports,
    voice,
)

app_name = "children"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", cases.case_list, name="case_list"),
    path("new/", cases.child_create, name="child_create"),
    path("import/", imports.case_import, name="case_import"),
    path("import/confirm/", imports.case_import_confirm, name="case_import_confirm"),
    path("cases/<id:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<id:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<id:pk>/course/", cases.case_transition, name="case_transition"),
    path("cases/<id:pk>/assessment/", assessment.assessment_create, name="assessment_create"),
    path("cases/<id:pk>/assessments/", assessment.assessment_history, name="assessment_history"),
    path("cases/<id:pk>/conversations/", voice.conversations, name="conversations"),
    path("cases/<id:pk>/wishes/", voice.wishes, name="wishes"),
    path("cases/<id:pk>/wishes/<id:wish_pk>/", voice.wish_edit, name="wish_edit"),
    path("cases/<id:pk>/parents/", voice.parents, name="parents"),
    path("cases/<id:pk>/people/", voice.people, name="people"),
    path("cases/<id:pk>/non-disclosure/", disclosure.non_disclosure, name="non_disclosure"),
    path("cases/<id:pk>/access/", access_report.access_reports, name="access_reports"),
    path("cases/<id:pk>/access/child.pdf", access_report.access_report_pdf, name="access_report"),
    path(
        "cases/<id:pk>/access/<id:person>.pdf",
        access_report.access_report_pdf,
        name="access_report_person",
    ),
]
