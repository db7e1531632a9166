# SPDX-License-Identifier: MPL-2.0
"""After the move: the record opened by the move, the plan's versions, follow-ups and visits.

Each refusal says what is wrong and writes nothing.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from placematch.audit.models import AccessLogEntry
from placematch.children.deadlines import case_deadlines, child_plan_date
from placematch.children.models import Case
from placematch.decisions import gates
from placematch.followup import services
from placematch.followup.models import (
    ChildPlanVersion,
    FollowUp,
    FollowUpKind,
    GoalProgress,
    PlanGoal,
    SupervisionVisit,
    SupportSource,
)
from placematch.followup.rules import first_followup_due
from placematch.followup.tests.conftest import a_plan, needs

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_move_opens_the_record_with_its_decision_run_and_promised_support(placed):
    record = placed["record"]
    decision = placed["decision"]
    assert (record.place, record.started_on, record.kind) == (placed["place"], days(0), "new")
    assert (record.decision, record.run) == (decision, placed["run"])
    assert record.legal_basis == (decision.legal_basis or placed["case"].legal_basis)
    promised = list(record.promised_support.all())
    assert [(p.source, p.dimension, p.kinds) for p in promised] == [
        (SupportSource.MATCH, "schooling", ["school_support"])
    ]
    first = FollowUp.objects.get(record=record)
    assert (first.kind, first.due_on) == (FollowUpKind.FIRST, first_followup_due(days(0)))
    assert AccessLogEntry.objects.filter(object_type__endswith="placementrecord").exists()


def test_the_plan_keeps_every_version_with_goals_from_the_needs_at_placement(placed):
    needs(placed, schooling="high", leisure_friendships="light")
    first = a_plan(placed)
    needs(placed, schooling="complete")
    second = a_plan(placed, note="Nye mål efter opfølgningen", expected_version=1)
    assert [v.number for v in ChildPlanVersion.objects.all()] == [2, 1]
    levels = {g.dimension: g.start_level for g in first.goals.all()}
    assert levels == {"schooling": "high", "leisure_friendships": "light"}
    assert second.goals.get(dimension="schooling").start_level == "complete"
    assert first.child_goals == "Jeg vil gerne gå til fodbold"
    assert first.family_support == "Forældrekursus hver uge"
    # A form built on version 1 after version 2 was saved is stale: nothing is written.
    with pytest.raises(ValidationError, match="Intet blev gemt"):
        a_plan(placed, expected_version=1)
    assert ChildPlanVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("goal", "field", "message"),
    [
        ({"target_level": "extreme"}, "schooling__target_level", "fra ingen til fuld"),
        ({"target_level": "not_assessed"}, "schooling__target_level", "fra ingen til fuld"),
        ({"target_date": timezone.localdate()}, "schooling__target_date", "efter planens dato"),
        ({"goal": "  "}, "schooling__goal", "Skriv målet"),
    ],
)
def test_a_goal_off_the_scale_or_without_a_later_date_is_refused(placed, goal, field, message):
    values = {"dimension": "schooling", "target_level": "light", "target_date": days(90),
              "goal": "Skole hver dag", **goal}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.plan_version_create(
            actor=placed["caseworker"], case=placed["case"], made_on=days(0),
            goals=[services.GoalInput(**values)],
        )  # fmt: skip
    assert message in " ".join(refused.value.message_dict[field])
    assert not ChildPlanVersion.objects.exists() and not PlanGoal.objects.exists()


def test_a_followup_before_the_move_or_with_a_level_off_the_scale_is_refused(placed):
    a_plan(placed)
    first = FollowUp.objects.get(record=placed["record"])
    hold = {"actor": placed["caseworker"], "followup": first, "notes": "Godt"}
    with pytest.raises(ValidationError) as refused:
        services.followup_hold(**hold, held_on=days(-1), progress=[])
    assert "før flytningen" in refused.value.message_dict["held_on"][0]
    bad = [services.ProgressInput(dimension="schooling", level="superb")]
    with pytest.raises(ValidationError) as refused:
        services.followup_hold(**hold, held_on=days(0), progress=bad)
    assert "fra ingen til fuld" in refused.value.message_dict["schooling__level"][0]
    with pytest.raises(ValidationError) as refused:
        services.followup_schedule(
            actor=placed["caseworker"], record=placed["record"], due_on=days(-2), reason="x"
        )
    assert "før flytningen" in refused.value.message_dict["due_on"][0]
    first.refresh_from_db()
    assert first.held_on is None and not GoalProgress.objects.exists()
    assert FollowUp.objects.count() == 1


def test_a_visit_without_the_childs_conversation_alone_needs_the_reason(placed):
    visit = {"actor": placed["caseworker"], "record": placed["record"], "visited_on": days(0),
             "present": "Sagsbehandler, Vilja og plejemor", "talked_alone": False}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.visit_record(**visit)
    assert "§ 156, stk. 5" in refused.value.message_dict["not_alone_reason"][0]
    assert not SupervisionVisit.objects.exists()
    services.visit_record(**visit, not_alone_reason="Vilja var syg og sov.")
    assert SupervisionVisit.objects.get().not_alone_reason == "Vilja var syg og sov."


def test_the_deadlines_appear_and_move_on_as_the_work_is_done(placed):
    case: Case = placed["case"]
    case.refresh_from_db()
    record = placed["record"]
    start = record.started_on
    found = {d.code: d for d in case_deadlines(case, start)}
    assert found["followup"].due == first_followup_due(start)
    assert found["visit"].due == start + (found["visit"].due - start)  # six months on
    # Three months on, the follow-up is overdue; holding it takes it off, the later one comes.
    late = first_followup_due(start) + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(late, datetime.time(12)), tick=False):
        assert {d.code: d.state for d in case_deadlines(case, late)}["followup"] == "overdue"
        a_plan(placed, made_on=start)
        services.followup_schedule(
            actor=placed["caseworker"], record=record, due_on=late + datetime.timedelta(days=90),
            reason="Efter skolens sommerferie",
        )  # fmt: skip
        services.followup_hold(
            actor=placed["caseworker"], followup=FollowUp.objects.get(kind="first"),
            held_on=late, notes="Det går bedre i skolen",
            progress=[services.ProgressInput(dimension="schooling", level="light")],
        )  # fmt: skip
        services.visit_record(
            actor=placed["caseworker"], record=record, visited_on=late,
            present="Sagsbehandler og Vilja", talked_alone=True,
        )  # fmt: skip
        found = {d.code: d for d in case_deadlines(case, late)}
    assert found["followup"].due == late + datetime.timedelta(days=90)
    assert found["visit"].due > late and "child_plan" not in found


def test_a_plan_written_here_is_the_plan_the_decision_gates_see(decided):
    case = decided["case"]
    Case.objects.filter(pk=case.pk).update(child_plan_date=None)
    case.refresh_from_db()
    proposal = gates.Proposal(
        case=case, place=decided["place"], kind="lasting", day=days(0), start=days(0),
        legal_basis="s47_without_consent", committee_decided_on=days(-3),
    )  # fmt: skip
    assert "§ 91, stk. 2" in gates.plan_before_committee(proposal)["committee_decided_on"][0]
    a_plan(decided, made_on=days(-5))
    assert child_plan_date(case) == days(-5)
    assert gates.plan_before_committee(proposal) == {}
    assert gates.follows_plan_s52(proposal)["follows_child_plan"][0].startswith("Bekræft")
