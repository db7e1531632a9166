# SPDX-License-Identifier: MPL-2.0
"""App configuration for outbox."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "placematch.outbox"
    label = "outbox"
    verbose_name = _("Outbox")
