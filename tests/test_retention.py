# SPDX-License-Identifier: MPL-2.0
"""Retention: the daily command erases exactly the records past their period, keeps what a
decision rests on and the evaluation's figures, and its dry run changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from placematch.audit.models import AccessLogEntry
from placematch.children.models import (
    Case,
    CaseStatus,
    CaseTransition,
    Child,
    Conversation,
    RelatedPerson,
    Wish,
)
from placematch.children.models.case import course_writes
from placematch.children.tests.factories import CaseFactory
from placematch.core.backup import backed_up_models, table_hash
from placematch.decisions.models import Decision
from placematch.decisions.tests.conftest import make_run, world
from placematch.involvement.models import SecureLink
from placematch.matching.models import MatchRun
from placematch.preparation.models import PreparationPlan, StartedKind, StartedPlacement

__all__ = ["world"]  # the decisions tests' world: Vilja, her mother, a run and a meeting

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta(days=1)


def _end(case: Case) -> None:
    """The case's course ended now (as the course's last step writes it)."""
    with course_writes():
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.ENDED)
    CaseTransition.objects.create(
        organisation=case.organisation, case=case, name="end", from_status=case.status,
        to_status=CaseStatus.ENDED, at=timezone.now(),
    )  # fmt: skip


def _link(organisation, subject: str, expires_at: datetime.datetime) -> SecureLink:
    return SecureLink.objects.create(
        organisation=organisation, form_key="child_wishes", subject_id=subject,
        token_hash=f"{subject:0>64}", expires_at=expires_at,
    )  # fmt: skip


def _figures() -> list[tuple]:
    """What the evaluation counts: started placements, cases and their course."""
    return [
        *StartedPlacement.objects.values_list("case_id", "place_id", "kind", "started_on"),
        *Case.objects.order_by("pk").values_list("pk", "case_type", "status", "aware_date"),
        *CaseTransition.objects.order_by("pk").values_list("case_id", "to_status", "at"),
    ]


def _retention(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def records(world, municipality, settings):
    """At day 0: Vilja's case ends, with a started placement and a run no meeting rests on."""
    settings.RETENTION_DAYS = {
        "closed_cases": 5 * 365, "secure_links": 90, "match_runs": 365, "access_log": 365,
        "followup_texts": 5 * 365,
    }  # fmt: skip
    case, caseworker = world["case"], world["caseworker"]
    decision = Decision.objects.create(
        organisation=municipality, case=case, place=world["place"], kind="lasting",
        start_on=timezone.localdate(), decided_by=caseworker, decided_at=timezone.now(),
        reasons="Familien passer til Vilja.", appeal_guidance="Klag inden 4 uger.",
    )  # fmt: skip
    plan = PreparationPlan.objects.create(
        organisation=municipality, case=case, decision=decision, place=world["place"],
        created_by=caseworker,
    )  # fmt: skip
    StartedPlacement.objects.create(
        organisation=municipality, case=case, plan=plan, place=world["place"],
        kind=StartedKind.NEW, started_on=timezone.localdate(),
    )  # fmt: skip
    _end(case)
    loose_run = make_run(case, caseworker, [world["other_place"]])
    open_case = CaseFactory(child__organisation=municipality, status="matching")
    old_link = _link(municipality, "1", expires_at=timezone.now() + 14 * DAYS)
    old_log = AccessLogEntry.objects.create(action="read", subject_id=str(world["child"].pk))
    return {
        "loose_run": loose_run, "open_case": open_case, "old_link": old_link, "old_log": old_log,
    }  # fmt: skip


def test_the_daily_run_erases_exactly_what_is_past_its_period(world, records, municipality):
    start = timezone.now()
    # Day 60: another child's case ends; five years and 30 days on, it is still inside its period.
    with time_machine.travel(start + 60 * DAYS, tick=False):
        later_case = CaseFactory(child__organisation=municipality, status="matching")
        _end(later_case)
    # 30 days before the run: a new run, a link that expired 16 days before it, a read.
    run_day = start + (5 * 365 + 30) * DAYS
    with time_machine.travel(run_day - 30 * DAYS, tick=False):
        recent_run = make_run(later_case, world["caseworker"], [world["place"]])
        recent_link = _link(municipality, "2", expires_at=timezone.now() + 14 * DAYS)
        recent_log = AccessLogEntry.objects.create(action="read", subject_id="2")
    figures = _figures()
    child = world["child"]
    before = {model: table_hash(model) for model in backed_up_models()}

    with time_machine.travel(run_day, tick=False):
        report = _retention("--dry-run")
    assert "closed_cases: 1 children whose last case ended" in report
    assert "secure_links: 1 secure links" in report
    assert "match_runs: 1 match runs" in report
    assert {model: table_hash(model) for model in backed_up_models()} == before

    with time_machine.travel(run_day, tick=False):
        report = _retention()
    assert (
        "closed_cases: 1 children whose last case ended (made anonymous) older than 1825" in report
    )
    assert "1825 days; erased 1" in report

    # Vilja's identity, her words and her mother's name are gone, with their change history.
    child.refresh_from_db()
    assert (child.first_name, child.last_name, child.school_name) == ("Slettet", "", "")
    assert child.case_number == f"slettet-{child.pk}"
    assert child.birth_date == datetime.date(2014, 7, 1)
    assert not Child.history.filter(id=child.pk).exists()
    assert set(Wish.objects.filter(case__child=child).values_list("text", flat=True)) == {"Slettet"}
    assert set(
        Conversation.objects.filter(case__child=child).values_list("child_words", flat=True)
    ) == {""}
    assert RelatedPerson.objects.get(pk=world["mother"].pk).name == "Slettet"
    # The children inside their period keep everything.
    assert Child.objects.get(pk=later_case.child_id).first_name != "Slettet"
    assert Child.objects.get(pk=records["open_case"].child_id).first_name != "Slettet"
    # The run no meeting rests on is gone; the meeting's run (in the decision's basis) and the
    # recent run stay.
    assert set(MatchRun.objects.values_list("pk", flat=True)) == {world["run"].pk, recent_run.pk}
    assert set(SecureLink.objects.values_list("pk", flat=True)) == {recent_link.pk}
    assert not AccessLogEntry.objects.filter(pk=records["old_log"].pk).exists()
    assert AccessLogEntry.objects.filter(pk=recent_log.pk).exists()
    # The evaluation's figures are the same.
    assert _figures() == figures

    # A second run finds nothing more.
    with time_machine.travel(run_day, tick=False):
        again = _retention()
    assert "closed_cases: 0" in again and "match_runs: 0" in again
