# SPDX-License-Identifier: MPL-2.0
"""App configuration for involvement."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvementConfig(AppConfig):
    name = "placematch.involvement"
    label = "involvement"
    verbose_name = _("Involvement")

    def ready(self) -> None:
        # Dashboard cards and menu items register themselves on import.
        # The outbox asks `delivery` who may resend a link's messages.
        from placematch.involvement import cards, delivery  # noqa: F401
