# SPDX-License-Identifier: MPL-2.0
"""App configuration for accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "placematch.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from placematch.accounts import cards  # noqa: F401  (registers dashboard cards)
