# SPDX-License-Identifier: MPL-2.0
"""App configuration for core."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "placematch.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Before any urls.py is read: every app's routes take ids as <id:pk>.
        from placematch.core.inputs import register_id_converter

        register_id_converter()


class PlacematchAdminConfig(admin_apps.AdminConfig):
    """Django admin with a site that only superusers reach."""

    default = False
    default_site = "placematch.core.admin_site.PlacematchAdminSite"
