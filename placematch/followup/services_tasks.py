# SPDX-License-Identifier: MPL-2.0
"""followup: the daily e-mail reminder of overdue and soon-due tasks, through the outbox.

The e-mail holds counts and a link, never a child's name: e-mail is no place for a child's
data, and the task list behind the login logs who read what. Each reminder is queued in the
outbox in its own transaction (ADR 0013) and sent by its worker; a second run on the same day
queues nothing new (one reminder per user and day).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from placematch.accounts.models import Role, User
from placematch.followup import tasks
from placematch.outbox.models import Channel, MessageKind
from placematch.outbox.services import message_enqueue

SOURCE = "followup.task_reminder"


@dataclass(frozen=True)
class Reminder:
    user_id: int
    overdue: int
    due_soon: int


def _text(user: User, counted: tasks.Counts, link: str) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("placematch: %(overdue)s overdue tasks, %(soon)s due soon") % {
            "overdue": counted.overdue, "soon": counted.due_soon,
        }  # fmt: skip
        body = _(
            "Hello %(name)s\n\nYou have %(overdue)s overdue tasks and %(soon)s due within "
            "14 days. See them here:\n%(link)s\n\nThis e-mail names no child. Log in to "
            "see the tasks."
        ) % {"name": user.first_name or user.username, "overdue": counted.overdue,
             "soon": counted.due_soon, "link": link}  # fmt: skip
    return subject, body


def remind(*, today: datetime.date) -> list[Reminder]:
    """Queue an e-mail to every caseworker and team leader with overdue or soon-due tasks.

    An address the outbox refuses is skipped (it must not stop the others' reminders).
    """
    queued: list[Reminder] = []
    users = User.objects.filter(
        is_active=True, role__in=[Role.CASEWORKER, Role.TEAM_LEADER],
        organisation__isnull=False,
    ).exclude(email="").order_by("pk")  # fmt: skip
    link = settings.SITE_URL + reverse("followup:task_list")
    for user in users:
        if not user.is_municipal or user.organisation_id is None:
            continue
        counted = tasks.counts(tasks.tasks_for(user, today))
        if not counted.overdue and not counted.due_soon:
            continue
        subject, body = _text(user, counted, link)
        try:
            with transaction.atomic():
                message_enqueue(
                    organisation_id=user.organisation_id, kind=MessageKind.TASK_REMINDER,
                    channel=Channel.EMAIL, recipient=user.email, subject=subject, body=body,
                    source_type=SOURCE, source_id=user.pk,
                    dedup_key=f"task-reminder:{user.pk}:{today.isoformat()}",
                )  # fmt: skip
        except ValidationError:
            continue
        queued.append(Reminder(user.pk, counted.overdue, counted.due_soon))
    return queued
