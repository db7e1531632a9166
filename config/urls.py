# SPDX-License-Identifier: MPL-2.0
"""Root URL configuration: every app's routes, the language switch and the admin."""

from django.contrib import admin
from django.urls import include, path

from placematch.core.views import switch_language

handler400 = "placematch.core.views.bad_request"
handler403 = "placematch.core.views.permission_denied"
handler404 = "placematch.core.views.page_not_found"
handler500 = "placematch.core.views.server_error"

urlpatterns = [
    path("", include("placematch.accounts.urls")),
    path("", include("placematch.core.urls")),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("audit/", include("placematch.audit.urls")),
    path("l/", include("placematch.involvement.urls")),
    path("outbox/", include("placematch.outbox.urls")),
    path("children/", include("placematch.children.urls")),
    path("providers/", include("placematch.providers.urls")),
    path("matching/", include("placematch.matching.urls")),
    path("decisions/", include("placematch.decisions.urls")),
    path("preparation/", include("placematch.preparation.urls")),
    path("followup/", include("placematch.followup.urls")),
    path("evaluation/", include("placematch.evaluation.urls")),
    path("api/", include("placematch.api.urls")),
]
