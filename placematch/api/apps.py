# SPDX-License-Identifier: MPL-2.0
"""App configuration for api: the open API over the apps' services and selectors."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "placematch.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from placematch.api import cards  # noqa: F401 (registers the menu item)
