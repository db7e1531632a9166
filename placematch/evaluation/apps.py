# SPDX-License-Identifier: MPL-2.0
"""App configuration for evaluation: started placements, stability, fidelity and the export."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "placematch.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # Dashboard cards and menu items register themselves on import.
        from placematch.evaluation import cards  # noqa: F401
