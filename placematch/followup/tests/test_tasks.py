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
from placematch.children.selectors import parents_of
from placematch.decisions.models import Decision
from placematch.followup import services
from placematch.followup.models import FollowUp
from placematch.followup.rules_voice import survey_points
from placematch.followup.services_voice import ItemInput, expected_codes, voice_save
from placematch.followup.tasks import tasks_for
from placematch.outbox.channels import MemoryChannel
from placematch.outbox.models import Message, MessageStatus

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


def _answers(user, day: datetime.date) -> dict[str, str]:
    """The user's tasks for missing answers on ``day``: code -> who has not answered."""
    return {
        t.deadline.code: t.deadline.note
        for t in tasks_for(user, day)
        if t.deadline.code.endswith("_answers") or t.deadline.code == "survey"
    }


def _answer(record, occasion: str, respondent: str, person, day: datetime.date) -> None:
    items = [ItemInput(code, "good") for code in expected_codes(record, occasion, respondent)]
    voice_save(
        record=record, occasion=occasion, respondent=respondent, person=person, items=items,
        today=day,
    )  # fmt: skip


def test_missing_answers_are_tasks_naming_who_has_not_answered_until_all_have(placed):
    caseworker, record = placed["caseworker"], placed["record"]
    child, mother = placed["child"], placed["mother"]
    first = FollowUp.objects.get(record=record)
    # Four weeks before the follow-up no questionnaire is out yet; three weeks before, it is.
    assert "followup_answers" not in _answers(caseworker, first.due_on - datetime.timedelta(28))
    day = first.due_on - datetime.timedelta(days=10)
    missing = _answers(caseworker, day)["followup_answers"]
    assert (
        child.first_name in missing and mother.name in missing and "Anbringelsesstedet" in missing
    )
    _answer(record, "check", "child", None, day)
    _answer(record, "check", "parent", mother, day)
    missing = _answers(caseworker, day)["followup_answers"]
    assert child.first_name not in missing and mother.name not in missing
    for person in parents_of(child).exclude(pk=mother.pk):
        _answer(record, "check", "parent", person, day)
    _answer(record, "check", "placement", None, day)
    assert "followup_answers" not in _answers(caseworker, day)

    # The survey one month after the start: open, its missing answers replace its due date.
    point = survey_points(record.started_on)[0]
    day = point.due + datetime.timedelta(days=3)
    found = _answers(caseworker, day)
    assert child.first_name in found["survey_answers"] and "survey" not in found
    assert next(
        t.deadline.due for t in tasks_for(caseworker, day) if t.deadline.code == "survey_answers"
    ) == point.closes - datetime.timedelta(days=1)
    _answer(record, "survey", "child", None, day)
    _answer(record, "survey", "placement", None, day)
    for person in parents_of(child):
        _answer(record, "survey", "parent", person, day)
    # All answered: the task goes, and the next survey point is the next due date.
    found = _answers(caseworker, day)
    assert "survey_answers" not in found and "survey" in found


@pytest.fixture
def memory_outbox(settings):
    settings.OUTBOX_BACKENDS = {**settings.OUTBOX_BACKENDS, "email": MemoryChannel.__module__
                                + ".MemoryChannel"}  # fmt: skip
    MemoryChannel.sent.clear()
    yield MemoryChannel.sent
    MemoryChannel.sent.clear()


def test_the_daily_reminder_goes_through_the_outbox_with_counts_and_a_link_never_a_name(
    placed, memory_outbox
):
    User.objects.filter(pk=placed["caseworker"].pk).update(email="sagsbehandler@example.org")
    due = FollowUp.objects.get(record=placed["record"]).due_on + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(due, datetime.time(6)), tick=False):
        call_command("tasks_remind", stdout=open("/dev/null", "w"))  # noqa: SIM115
        # Run twice the same day: still one reminder.
        call_command("tasks_remind", stdout=open("/dev/null", "w"))  # noqa: SIM115
        queued = Message.objects.filter(recipient="sagsbehandler@example.org")
        assert [m.status for m in queued] == [MessageStatus.QUEUED]
        # Nothing leaves before the outbox's worker sends it.
        assert memory_outbox == [] and mail.outbox == []
        call_command("outbox_send", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sent = [m for m in memory_outbox if m.recipient == "sagsbehandler@example.org"]
    assert len(sent) == 1
    assert "overskredne opgaver" in sent[0].subject and "/followup/tasks/" in sent[0].body
    assert placed["child"].first_name not in sent[0].body + sent[0].subject
    assert Message.objects.get(pk=sent[0].message_id).status == MessageStatus.SENT
