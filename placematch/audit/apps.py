# SPDX-License-Identifier: MPL-2.0
"""App configuration for audit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "placematch.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from placematch.audit import signals  # noqa: F401  (connects the receivers)
