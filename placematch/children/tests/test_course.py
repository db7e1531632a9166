# SPDX-License-Identifier: MPL-2.0
"""The case's course: every transition, every refused from-state and guard, the model guard."""

from __future__ import annotations

from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.children import course
from placematch.children.models import (
    Assessment,
    Case,
    CaseStatus,
    CaseStatusWriteError,
    CaseTransition,
)
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.core.concurrency import StaleEditError

pytestmark = pytest.mark.django_db

S = CaseStatus


def _case(municipality, status: str) -> Case:
    return cast(Case, CaseFactory(child__organisation=municipality, status=status))


def _assess(case: Case, user) -> None:
    Assessment.objects.create(organisation=case.organisation, case=case, version=1, created_by=user)


# One row per allowed (transition, from-state): what it needs and where it ends.
ALLOWED = [
    ("start_assessment", S.INVESTIGATION, S.ASSESSMENT, False, ""),
    ("start_matching", S.INVESTIGATION, S.MATCHING, True, ""),
    ("start_matching", S.ASSESSMENT, S.MATCHING, True, ""),
    ("decide", S.INVESTIGATION, S.DECIDED, False, ""),
    ("decide", S.ASSESSMENT, S.DECIDED, False, ""),
    ("decide", S.MATCHING, S.DECIDED, False, ""),
    ("undecide", S.DECIDED, S.MATCHING, False, ""),
    ("place", S.DECIDED, S.PLACED, False, ""),
    ("end", S.INVESTIGATION, S.ENDED, False, "Familien er flyttet"),
    ("end", S.ASSESSMENT, S.ENDED, False, "Familien er flyttet"),
    ("end", S.MATCHING, S.ENDED, False, "Familien er flyttet"),
    ("end_placement", S.PLACED, S.ENDED, False, "Hjemgivelse (§ 100)"),
    ("hand_over", S.PLACED, S.ENDED, False, "Flyttet til nyt anbringelsessted"),
    ("reopen", S.ENDED, S.INVESTIGATION, False, "Ny underretning"),
]


def test_the_table_rows_cover_every_allowed_step():
    table = {(t.name, s) for t in course.TRANSITIONS.values() for s in t.sources}
    assert {(name, source) for name, source, *_ in ALLOWED} == table


@pytest.mark.parametrize(("name", "source", "target", "assessed", "reason"), ALLOWED)
def test_an_allowed_step_writes_status_history_and_audit(
    municipality, caseworker, name, source, target, assessed, reason
):
    case = _case(municipality, source)
    if assessed:
        _assess(case, caseworker)
    version = Case.objects.get(pk=case.pk).version
    step = course.transition(case, name, actor=caseworker, reason=reason)
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == target and case.status == target
    assert stored.version == version + 1 == case.version
    assert (step.name, step.from_status, step.to_status, step.actor, step.reason) == (
        name, source, target, caseworker, reason,
    )  # fmt: skip
    audit = AccessLogEntry.objects.filter(action=Action.UPDATE, object_id=str(case.pk)).get()
    assert audit.detail == {"fields": ["status"], "transition": name, "from": source, "to": target}


REFUSED = [
    (t.name, status)
    for t in course.TRANSITIONS.values()
    for status in CaseStatus.values
    if status not in t.sources
]


@pytest.mark.parametrize(("name", "source"), REFUSED)
def test_a_step_from_another_state_is_refused_and_saves_nothing(
    municipality, caseworker, name, source
):
    case = _case(municipality, source)
    _assess(case, caseworker)  # so only the from-state can refuse
    spec = course.TRANSITIONS[name]
    with pytest.raises(ValidationError) as caught:
        course.transition(case, name, actor=caseworker, reason="En grund")
    message = caught.value.messages[0]
    if source in spec.refused:
        assert message == str(spec.refused[source])
    else:
        assert str(spec.label) in message and str(CaseStatus(source).label) in message
    assert caught.value.code == "from_state"
    _assert_unchanged(case, source)


def _assert_unchanged(case: Case, status: str) -> None:
    assert Case.objects.get(pk=case.pk).status == status
    assert not CaseTransition.objects.filter(case=case).exclude(name=course.IMPORT).exists()
    assert not AccessLogEntry.objects.filter(action=Action.UPDATE).exists()


def test_decided_case_cannot_be_ended_before_the_decision_is_withdrawn(municipality, caseworker):
    case = _case(municipality, S.DECIDED)
    with pytest.raises(ValidationError, match="Tilbagekald afgørelsen først"):
        course.transition(case, "end", actor=caseworker, reason="Familien er flyttet")


# One row per guard or required reason: the step is refused with its own message.
GUARDS = [
    ("start_matching", S.INVESTIGATION, "", "guard", "Registrér en vurdering"),
    ("start_matching", S.ASSESSMENT, "", "guard", "Registrér en vurdering"),
    ("end", S.MATCHING, "   ", "reason", "Skriv begrundelsen"),
    ("reopen", S.ENDED, "", "reason", "Skriv begrundelsen"),
    ("end_placement", S.PLACED, " ", "reason", "Skriv begrundelsen"),
    ("hand_over", S.PLACED, "", "reason", "Skriv begrundelsen"),
]


@pytest.mark.parametrize(("name", "source", "reason", "code", "text"), GUARDS)
def test_a_guard_refuses_with_its_message_and_saves_nothing(
    municipality, caseworker, name, source, reason, code, text
):
    case = _case(municipality, source)
    with pytest.raises(ValidationError) as caught:
        course.transition(case, name, actor=caseworker, reason=reason)
    assert caught.value.code == code
    assert text in caught.value.messages[0]
    _assert_unchanged(case, source)


def test_a_step_from_a_stale_page_is_refused(municipality, caseworker):
    case = _case(municipality, S.INVESTIGATION)
    with pytest.raises(StaleEditError):
        course.transition(case, "start_assessment", actor=caseworker, expected_version=99)
    _assert_unchanged(case, S.INVESTIGATION)


def test_an_unknown_step_is_a_programming_error(municipality, caseworker):
    with pytest.raises(ValueError):
        course.transition(_case(municipality, S.MATCHING), "skip", actor=caseworker)


def test_allowed_steps_follow_status_guard_and_role(municipality, users):
    caseworker, leader = users[("own", Role.CASEWORKER)], users[("own", Role.TEAM_LEADER)]
    case = _case(municipality, S.INVESTIGATION)
    names = [t.name for t in course.allowed_transitions(case, caseworker)]
    assert names == ["start_assessment", "end"]
    blocked = {t.name: why for t, why in course.blocked_transitions(case, caseworker)}
    assert "Registrér en vurdering" in blocked["start_matching"]
    _assess(case, caseworker)
    assert "start_matching" in [t.name for t in course.allowed_transitions(case, caseworker)]
    ended = _case(municipality, S.ENDED)
    assert course.allowed_transitions(ended, caseworker) == []
    assert [t.name for t in course.allowed_transitions(ended, leader)] == ["reopen"]


# The model guard: nothing but the course writes the status.


def test_a_direct_save_with_another_status_is_refused(municipality):
    case = _case(municipality, S.MATCHING)
    case.status = S.PLACED
    with pytest.raises(CaseStatusWriteError):
        case.save()
    with pytest.raises(CaseStatusWriteError):
        case.save(update_fields=["status", "updated_at"])
    assert Case.objects.get(pk=case.pk).status == S.MATCHING


def test_a_stale_copy_cannot_write_back_an_old_status(municipality, caseworker):
    case = _case(municipality, S.DECIDED)
    stale = Case.objects.get(pk=case.pk)
    course.transition(case, "place", actor=caseworker)
    stale.safety_note = "Noget andet"
    with pytest.raises(CaseStatusWriteError):
        stale.save()
    assert Case.objects.get(pk=case.pk).status == S.PLACED


def test_a_save_of_other_fields_passes(municipality):
    case = _case(municipality, S.MATCHING)
    case.safety_note = "Ny note"
    case.save()
    assert Case.objects.get(pk=case.pk).safety_note == "Ny note"


def test_queryset_writes_of_the_status_are_refused(municipality):
    case = _case(municipality, S.MATCHING)
    with pytest.raises(CaseStatusWriteError):
        Case.objects.filter(pk=case.pk).update(status=S.PLACED)
    with pytest.raises(CaseStatusWriteError):
        Case._base_manager.filter(pk=case.pk).update(status=S.PLACED)
    case.status = S.PLACED
    with pytest.raises(CaseStatusWriteError):
        Case.objects.bulk_update([case], ["status"])
    assert Case.objects.get(pk=case.pk).status == S.MATCHING
    assert Case.objects.filter(pk=case.pk).update(safety_note="x") == 1


def test_a_new_case_starts_in_investigation_unless_imported(municipality):
    child = ChildFactory(organisation=municipality)
    fields = {"organisation": municipality, "child": child, "case_type": "first_placement",
              "aware_date": "2024-01-15"}  # fmt: skip
    with pytest.raises(CaseStatusWriteError), transaction.atomic():
        Case.objects.create(status=S.PLACED, **fields)
    assert Case.objects.create(**fields).status == S.INVESTIGATION
    imported = course.import_case(status=S.PLACED, **fields)
    step = imported.transitions.get()
    assert (step.name, step.from_status, step.to_status, step.actor) == (
        "import",
        "",
        S.PLACED,
        None,
    )


def test_each_reason_field_on_the_case_page_says_what_it_is_for(municipality, users, client_for):
    leader = users[("own", Role.TEAM_LEADER)]
    open_case = _case(municipality, S.INVESTIGATION)
    html = client_for(leader).get(f"/children/cases/{open_case.pk}/").content.decode()
    assert '<label class="form-label" for="reason-end">Hvorfor sagen afsluttes</label>' in html
    ended = _case(municipality, S.ENDED)
    html = client_for(leader).get(f"/children/cases/{ended.pk}/").content.decode()
    assert '<label class="form-label" for="reason-reopen">Hvorfor sagen genåbnes</label>' in html
