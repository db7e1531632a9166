# SPDX-License-Identifier: MPL-2.0
"""App configuration for decisions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "placematch.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # The case tab registers itself on import, and so do the places of a case for
        # children's non-disclosure check (§ 105).
        from placematch.decisions import access_report, cards, disclosure  # noqa: F401
