# SPDX-License-Identifier: MPL-2.0
"""providers: url patterns for the registry, the provider portal and the import."""

from django.urls import URLPattern, URLResolver, path

from placematch.providers.views import imports, portal, registry, support

app_name = "providers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", registry.registry_list, name="registry"),
    path("<id:pk>/", registry.provider_detail, name="provider_detail"),
    path("places/<id:pk>/", registry.place_detail, name="place_detail"),
    path("places/<id:pk>/versions/", registry.place_history, name="place_history"),
    path("portal/", portal.portal_home, name="portal"),
    path("portal/viewers/", portal.portal_viewers, name="portal_viewers"),
    path("portal/places/<id:pk>/profile/", portal.portal_profile_edit, name="portal_profile"),
    path("portal/places/<id:pk>/vacancy/", portal.portal_vacancy_declare, name="portal_vacancy"),
    path("families/", portal.family_list, name="families"),
    path("families/places/<id:pk>/profile/", portal.family_profile_edit, name="family_profile"),
    path("import/", imports.import_upload, name="import"),
    path("support/", support.support_list, name="support"),
    path("support/new/", support.support_new, name="support_new"),
    path("support/<id:pk>/end/", support.support_end, name="support_end"),
    path("portal/support/", support.portal_support, name="portal_support"),
    path("portal/support/new/", support.portal_support_new, name="portal_support_new"),
    path("portal/support/<id:pk>/end/", support.portal_support_end, name="portal_support_end"),
]
