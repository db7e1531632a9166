# SPDX-License-Identifier: MPL-2.0
"""App configuration for preparation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreparationConfig(AppConfig):
    name = "placematch.preparation"
    label = "preparation"
    verbose_name = _("Preparation")
