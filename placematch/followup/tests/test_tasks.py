# SPDX-License-Identifier: MPL-2.0
"""The task list: due dates appear, come first when overdue, go when done; daily reminders."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from matchengine.vocab import LegalBasis
from placematch.accounts.models import User
from placematch.audit.models import AccessLogEntry
from placematch.decisions.models import Decision
from placematch.followup import services
from placematch.followup.models import FollowUp
from placematch.followup.tasks import tasks_for

pytestmark = pytest.mark.django_db


def _codes(user, day: datetime.date) -> list[tuple[str, str]]:
    return [(t.deadline.code, t.deadline.state) for t in tasks_for(user, day)]


def test_tasks_come_overdue_first_and_go_when_the_work_is_done(placed):
    caseworker, record = placed["caseworker"], placed["record"]
    first = FollowUp.objects.get(record=record)
    day = first.due_on + datetime.timedelta(days=1)
    codes = _codes(caseworker, day)
    assert codes[0] == ("followup", "overdue")
    assert ("visit", "open") in codes
    services.followup_hold(
        actor=caseworker, followup=first, held_on=day, notes="Godt i gang", progress=[], today=day
    )
    assert "followup" not in [code for code, _state in _codes(caseworker, day)]
    # The visit due 6 months after the move is overdue the day after, and goes with a visit.
    visit_day = record.started_on + datetime.timedelta(days=200)
    assert ("visit", "overdue") in _codes(caseworker, visit_day)
    services.visit_record(
        actor=caseworker, record=record, visited_on=visit_day, present="Sagsbehandler og Vilja",
        talked_alone=True, today=visit_day,
    )  # fmt: skip
    assert ("visit", "open") in _codes(caseworker, visit_day)
    # Another municipality's caseworker has none of them.
    assert tasks_for(placed["users"][("other", "caseworker")], day) == []


def test_a_provisional_decision_waiting_for_the_committee_is_a_task(placed):
    today = timezone.localdate()
    Decision.objects.filter(pk=placed["decision"].pk).update(
        legal_basis=LegalBasis.S143_PROVISIONAL.value, provisional_implemented_on=today,
        committee_decided_on=None,
    )  # fmt: skip
    found = [t for t in tasks_for(placed["caseworker"], today) if t.deadline.code.endswith("143")]
    assert [(t.deadline.due, t.url) for t in found] == [
        (today + datetime.timedelta(days=7), f"/decisions/cases/{placed['case'].pk}/")
    ]


def test_the_task_list_links_each_task_and_logs_the_read(placed, client_for):
    client = client_for(placed["caseworker"])
    page = client.get("/followup/tasks/").content.decode()
    assert placed["child"].name in page
    assert f"/followup/cases/{placed['case'].pk}/#followups-h" in page
    assert AccessLogEntry.objects.filter(action="list").exists()
    assert client_for(placed["staff"]).get("/followup/tasks/").status_code == 404
    dashboard = client.get("/").content.decode()
    assert "Mine opgaver" in dashboard and "/followup/tasks/" in dashboard


def test_the_daily_reminder_mails_counts_and_a_link_never_a_name(placed):
    User.objects.filter(pk=placed["caseworker"].pk).update(email="sagsbehandler@example.org")
    due = FollowUp.objects.get(record=placed["record"]).due_on + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(due, datetime.time(6)), tick=False):
        call_command("tasks_remind", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sent = [m for m in mail.outbox if m.to == ["sagsbehandler@example.org"]]
    assert len(sent) == 1
    assert "overskredne opgaver" in sent[0].subject and "/followup/tasks/" in sent[0].body
    assert placed["child"].first_name not in sent[0].body + sent[0].subject
