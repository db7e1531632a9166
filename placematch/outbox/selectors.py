# SPDX-License-Identifier: MPL-2.0
"""outbox: reads, scoped to the user's organisation; who may resend is asked of the source."""

from __future__ import annotations

from django.http import Http404

from placematch.accounts.models import User
from placematch.outbox import registry
from placematch.outbox.models import Message

PANEL_SIZE = 20


def messages_about_child(*, user: User, child_id: int) -> list[Message]:
    """The newest messages the user's organisation sent about a child (the page checked access)."""
    if user.organisation_id is None:
        return []
    return list(
        Message.objects.filter(organisation_id=user.organisation_id, child_id=child_id)
        .order_by("-created_at", "-pk")
        .defer("body")[:PANEL_SIZE]
    )


def message_for_manager(*, user: User, pk: int) -> Message:
    """A message of the user's organisation whose source lets the user manage it, else 404."""
    if user.organisation_id is None:
        raise Http404
    message = Message.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
    if message is None:
        raise Http404
    spec = registry.get(message.source_type)
    if spec is None or not spec.can_manage(user, message.source_id):
        raise Http404
    return message


def can_resend(message: Message) -> bool:
    spec = registry.get(message.source_type)
    return spec is not None and spec.still_valid(message.source_id)
