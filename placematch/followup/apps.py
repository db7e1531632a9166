# SPDX-License-Identifier: MPL-2.0
"""App configuration for followup."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "placematch.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # The move's signal, the case tab, the cards and the lower apps' registries.
        from placematch.followup import (
            cards,  # noqa: F401
            hooks,  # noqa: F401
            hooks_ending,  # noqa: F401
            views_tasks,  # noqa: F401
        )
