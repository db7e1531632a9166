# SPDX-License-Identifier: MPL-2.0
"""api: the administrator's menu item for the organisation's API tokens."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from placematch.accounts.models import Role
from placematch.api.access import can_manage_tokens
from placematch.core.navigation import NavItem
from placematch.core.navigation import register as register_menu


@register_menu("api")
def api_menu(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not can_manage_tokens(user):
        return []
    name = "api:tokens" if getattr(user, "role", "") == Role.ADMIN else "api:provider_tokens"
    return [NavItem(_("API tokens"), reverse(name), order=95)]
