# SPDX-License-Identifier: MPL-2.0
"""App configuration for preparation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreparationConfig(AppConfig):
    name = "placematch.preparation"
    label = "preparation"
    verbose_name = _("Preparation")

    def ready(self) -> None:
        # The case tab, cards, menu item and secure-link forms register themselves on import.
        from placematch.preparation import (
            cards,  # noqa: F401
            link_forms,  # noqa: F401
            prepared,  # noqa: F401
        )
