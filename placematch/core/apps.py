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


class PlacematchAdminConfig(admin_apps.AdminConfig):
    """Django admin with a site that only superusers reach."""

    default = False
    default_site = "placematch.core.admin_site.PlacematchAdminSite"
