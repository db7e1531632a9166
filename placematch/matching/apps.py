# SPDX-License-Identifier: MPL-2.0
"""App configuration for matching."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "placematch.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Dashboard cards and menu items register themselves on import.
        # notices tells the outbox who may resend an inquiry's notices.
        from placematch.matching import cards, notices  # noqa: F401
        from placematch.matching.casework import works_on_child
        from placematch.providers.access import register_case_check

        # The registry shows a network family's address only to those on its child's case.
        register_case_check(works_on_child)
