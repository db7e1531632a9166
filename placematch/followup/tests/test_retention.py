# SPDX-License-Identifier: MPL-2.0
"""Retention of the follow-up's free texts: erased once the child's last case ended longer ago
than their period; the dates, levels and cause codes the figures count stay."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from placematch.followup import services, services_ending
from placematch.followup.models import ChildPlanVersion, FollowUp, GoalProgress, SupervisionVisit
from placematch.followup.models_ending import Breakdown, PlacementEnding
from placematch.followup.tests.conftest import a_plan

pytestmark = pytest.mark.django_db

PERIOD = 400


def _retention(at: datetime.datetime, *args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("retention", *args, stdout=out)
    return out.getvalue()


def _texts() -> list[str]:
    return [
        *(t for pair in ChildPlanVersion.objects.values_list("child_goals", "family_support")
          for t in pair),
        *(t for pair in FollowUp.objects.values_list("reason", "notes") for t in pair),
        *GoalProgress.objects.values_list("note", flat=True),
        *(t for pair in SupervisionVisit.objects.values_list("present", "notes") for t in pair),
        *PlacementEnding.objects.values_list("note", flat=True),
        *Breakdown.objects.values_list("cause_text", flat=True),
    ]  # fmt: skip


def test_follow_up_texts_go_a_period_after_the_child_s_last_case_and_the_figures_stay(
    placed, settings
):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "followup_texts": PERIOD}
    caseworker, record = placed["caseworker"], placed["record"]
    today = timezone.localdate()
    a_plan(placed)
    services.followup_hold(
        actor=caseworker, followup=FollowUp.objects.get(record=record), held_on=today,
        notes="Vilja har fundet ro", progress=[
            services.ProgressInput("schooling", "moderate", "Går i skole hver dag")],
    )  # fmt: skip
    services.visit_record(
        actor=caseworker, record=record, visited_on=today, present="Sagsbehandler og Vilja",
        talked_alone=True, notes="Vilja viste sit værelse",
    )  # fmt: skip
    # The child goes home after a breakdown: the case, her last, ends today.
    services_ending.breakdown_register(
        actor=caseworker, record=record, data=services_ending.BreakdownInput(
            broke_on=today, initiator="child", causes=["child_unwilling"],
            cause_text="Vilja ville hjem til sin mor", signs_seen=False, signs_seen_on=None,
            next_step="home", note="Vilja bor hos sin mor igen"),
    )  # fmt: skip
    figures = [
        *FollowUp.objects.values_list("due_on", "held_on"),
        *GoalProgress.objects.values_list("dimension", "level"),
        *Breakdown.objects.values_list("initiator", "causes", "next_step"),
        *PlacementEnding.objects.values_list("kind", "ended_on"),
    ]
    now = timezone.now()

    # A day inside the period: nothing is due, nothing changes.
    assert "followup_texts: 0" in _retention(now + datetime.timedelta(days=PERIOD - 1))
    assert "Vilja ville hjem til sin mor" in _texts()

    report = _retention(now + datetime.timedelta(days=PERIOD + 1))
    assert "followup_texts: 1 cases whose follow-up texts are erased" in report
    words = " ".join(_texts())
    for said in ("Vilja", "Går i skole", "fodbold", "Forældrekursus", "værelse"):
        assert said not in words
    assert set(SupervisionVisit.objects.values_list("present", flat=True)) == {"Slettet"}
    assert not FollowUp.history.filter(notes__contains="Vilja").exists()
    # The dates, levels, initiator and causes stay for the figures.
    assert [
        *FollowUp.objects.values_list("due_on", "held_on"),
        *GoalProgress.objects.values_list("dimension", "level"),
        *Breakdown.objects.values_list("initiator", "causes", "next_step"),
        *PlacementEnding.objects.values_list("kind", "ended_on"),
    ] == figures
    # A second run finds nothing more.
    assert "followup_texts: 0" in _retention(now + datetime.timedelta(days=PERIOD + 2))
