# SPDX-License-Identifier: MPL-2.0
"""App configuration for children."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "placematch.children"
    label = "children"
    verbose_name = _("Children")

    def ready(self) -> None:
        # Dashboard cards and menu items register themselves on import.
        from placematch.children import (
            cards,  # noqa: F401
            link_forms,  # noqa: F401  (secure-link forms)
        )
