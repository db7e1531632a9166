# SPDX-License-Identifier: MPL-2.0
"""App configuration for matching."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "placematch.matching"
    label = "matching"
    verbose_name = _("Matching")
