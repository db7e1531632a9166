# SPDX-License-Identifier: MPL-2.0
"""outbox: the case's messages panel, included by the page that shows the child."""

from __future__ import annotations

from typing import Any

from django import template

from placematch.accounts.models import User
from placematch.outbox import selectors

register = template.Library()


@register.inclusion_tag("outbox/includes/messages.html", takes_context=True)
def messages_panel(context: template.Context, child_id: int) -> dict[str, Any]:
    """The messages about the child (the including page has checked access and logged it)."""
    request = context["request"]
    user = request.user
    found = []
    if isinstance(user, User):
        found = selectors.messages_about_child(user=user, child_id=child_id)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "outbox_messages": found,
        "next": request.get_full_path(),
    }
