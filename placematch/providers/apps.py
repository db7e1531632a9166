# SPDX-License-Identifier: MPL-2.0
"""App configuration for providers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "placematch.providers"
    label = "providers"
    verbose_name = _("Providers")

    def ready(self) -> None:
        # Dashboard cards and menu items register themselves on import.
        from placematch.providers import cards  # noqa: F401
