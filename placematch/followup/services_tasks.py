# SPDX-License-Identifier: MPL-2.0
"""followup: the daily e-mail reminder of overdue and soon-due tasks.

The e-mail holds counts and a link, never a child's name: e-mail is no place for a child's
data, and the task list behind the login logs who read what.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from placematch.accounts.models import Role, User
from placematch.followup import tasks


@dataclass(frozen=True)
class Reminder:
    user_id: int
    overdue: int
    due_soon: int


def remind(*, today: datetime.date) -> list[Reminder]:
    """E-mail every caseworker and team leader with overdue or soon-due tasks, once each."""
    sent: list[Reminder] = []
    users = User.objects.filter(
        is_active=True, role__in=[Role.CASEWORKER, Role.TEAM_LEADER],
        organisation__isnull=False,
    ).exclude(email="").order_by("pk")  # fmt: skip
    link = getattr(settings, "SITE_URL", "http://localhost:8000") + reverse("followup:task_list")
    for user in users:
        if not user.is_municipal:
            continue
        counted = tasks.counts(tasks.tasks_for(user, today))
        if not counted.overdue and not counted.due_soon:
            continue
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
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent.append(Reminder(user.pk, counted.overdue, counted.due_soon))
    return sent
