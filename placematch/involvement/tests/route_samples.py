# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a link in the own municipality for the test form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from placematch.accounts.models import Role
from placematch.involvement.delivery import SOURCE
from placematch.involvement.services import link_issue
from placematch.involvement.tests.specs import KEY, register_test_specs
from placematch.outbox.models import Message, MessageStatus
from placematch.outbox.services import message_enqueue
from tests.route_matrix import SampleContext

register_test_specs()


def _link_pk(ctx: SampleContext) -> int:
    if "involvement_link" not in ctx.cache:
        link, _token = link_issue(
            actor=ctx.users[("own", Role.CASEWORKER)],
            form_key=KEY,
            subject_id=f"{ctx.municipality.pk}-1",
            recipient_label="Prøve",
        )
        ctx.cache["involvement_link"] = link.pk
    return int(ctx.cache["involvement_link"])


def _failed_message(ctx: SampleContext) -> int:
    """A link's message that failed: the outbox asks involvement who may send it again."""
    if "outbox_message" not in ctx.cache:
        link, _token = link_issue(
            actor=ctx.users[("own", Role.CASEWORKER)],
            form_key=KEY,
            subject_id=f"{ctx.municipality.pk}-2",
        )
        with transaction.atomic():
            message = message_enqueue(
                organisation_id=ctx.municipality.pk,
                kind="link",
                channel="sms",
                recipient="20304050",
                subject="",
                body="",
                source_type=SOURCE,
                source_id=link.pk,
            )
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, last_error="no_gateway"
        )
        ctx.cache["outbox_message"] = message.pk
    return int(ctx.cache["outbox_message"])


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    # A well-formed token no link has: every caller gets the friendly 404.
    "involvement:open": lambda ctx: {"token": "A" * 43},
    "involvement:form_step": lambda ctx: {"step": "heard"},
    "involvement:issue": lambda ctx: {"form_key": KEY, "subject_id": f"{ctx.municipality.pk}-1"},
    "involvement:link_detail": lambda ctx: {"pk": _link_pk(ctx)},
    "involvement:revoke": lambda ctx: {"pk": _link_pk(ctx)},
    "outbox:resend": lambda ctx: {"pk": _failed_message(ctx)},
}
