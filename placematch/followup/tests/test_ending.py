# SPDX-License-Identifier: MPL-2.0
"""Ending a placement, breakdowns, the case that comes next and support delivered.

The rules are tables (one row per rule, no database); the services are tried on the placed
case of the follow-up tests. Each refusal says what is wrong and writes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matchengine.vocab import Dimension, SupportLevel
from placematch.children.models import Assessment, Case, CaseStatus, CaseTransition, Child, Wish
from placematch.children.services import NeedInput, assessment_create
from placematch.followup import selectors
from placematch.followup import services_ending as ending
from placematch.followup.models import PlacementRecord
from placematch.followup.models_ending import (
    Breakdown,
    EndingKind,
    NextCase,
    PlacementEnding,
    SupportCheck,
)
from placematch.matching.models import MatchRun
from placematch.matching.models.runs import pack
from placematch.preparation.models import StartedPlacement
from placematch.providers.models import Placement

TODAY = datetime.date(2026, 6, 15)
START = datetime.date(2025, 3, 1)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _record(birth: str) -> PlacementRecord:
    """An unsaved record of a child born on ``birth``, started on START (for the rule tables)."""
    child = Child(first_name="Vilja", last_name="Fiktivholm", birth_date=day(birth))
    return PlacementRecord(case=Case(child=child), started_on=START)


def _ending(**changes: Any) -> ending.EndingInput:
    values: dict[str, Any] = {
        "kind": EndingKind.HOME, "ended_on": day("2026-06-01"), "decided_on": day("2026-05-01"),
        "decision_reference": "J.nr. 27.12.00-G01-1-26", "place_statement_on": day("2026-04-20"),
        "child_heard_on": day("2026-04-25"),
    }  # fmt: skip
    values.update(changes)
    return ending.EndingInput(**values)


# One row per rule of a planned ending: the child's birth date, the change, the field refused
# (None: accepted) and a piece of the message.
ENDING_RULES = [
    ("2014-03-09", {}, None, ""),
    (
        "2014-03-09",
        {
            "ended_on": day("2025-02-28"),
            "decided_on": day("2025-02-01"),
            "place_statement_on": day("2025-02-01"),
            "child_heard_on": day("2025-02-01"),
        },
        "ended_on",
        "startede den",
    ),
    ("2014-03-09", {"ended_on": day("2026-06-16")}, "ended_on", "fremtiden"),
    ("2014-03-09", {"kind": "breakdown"}, "kind", "Vælg, hvordan"),
    ("2014-03-09", {"decided_on": None}, "decided_on", "afgørelsen blev truffet"),
    ("2014-03-09", {"decided_on": day("2026-06-02")}, "decided_on", "før den sidste dag"),
    ("2014-03-09", {"decision_reference": " "}, "decision_reference", "journalnummer"),
    ("2014-03-09", {"place_statement_on": None}, "place_statement_on", "§ 100, stk. 2"),
    ("2014-03-09", {"place_statement_on": day("2026-05-02")}, "place_statement_on", "før"),
    # § 3: a child of 10 or more is a party and is heard before the decision ...
    ("2014-03-09", {"child_heard_on": None}, "child_heard_on", "part"),
    ("2014-03-09", {"child_heard_on": day("2026-05-02")}, "child_heard_on", "før afgørelsen"),
    # ... a child of 9 on the decision day is not asked.
    ("2016-05-02", {"child_heard_on": None}, None, ""),
    # At 18: the last day is the day before the birthday at the earliest.
    ("2008-06-01", {"kind": "adult_support", "ended_on": day("2026-05-31")}, None, ""),
    ("2008-06-01", {"kind": "adult_support", "ended_on": day("2026-05-30")}, "ended_on", "18"),
    (
        "2008-06-01",
        {"kind": "adult_continued", "ended_on": day("2026-05-31"), "stay_ends_on": None},
        "stay_ends_on",
        "fortsatte ophold",
    ),
    (
        "2008-06-01",
        {
            "kind": "adult_continued",
            "ended_on": day("2026-05-31"),
            "stay_ends_on": day("2031-06-01"),
        },
        "stay_ends_on",
        "23",
    ),
    (
        "2008-06-01",
        {
            "kind": "adult_continued",
            "ended_on": day("2026-05-31"),
            "stay_ends_on": day("2031-05-31"),
        },
        None,
        "",
    ),
]


@pytest.mark.parametrize(("birth", "changes", "field", "text"), ENDING_RULES)
def test_the_rules_of_a_planned_ending(birth, changes, field, text):
    errors = ending.ending_errors(_record(birth), _ending(**changes), TODAY)
    if field is None:
        assert errors == {}
    else:
        assert list(errors) == [field] and text in errors[field]


def _breakdown(**changes: Any) -> ending.BreakdownInput:
    values: dict[str, Any] = {
        "broke_on": day("2026-06-01"), "initiator": "placement",
        "causes": ["child_behaviour"], "cause_text": "", "signs_seen": True,
        "signs_seen_on": day("2026-04-01"), "next_step": "change",
    }  # fmt: skip
    values.update(changes)
    return ending.BreakdownInput(**values)


BREAKDOWN_RULES = [
    ({}, None, ""),
    ({"broke_on": day("2025-02-28"), "signs_seen": False}, "broke_on", "før starten"),
    ({"broke_on": START, "signs_seen_on": START}, None, ""),
    ({"broke_on": day("2026-06-16")}, "broke_on", "fremtiden"),
    ({"initiator": ""}, "initiator", "hvem der afsluttede"),
    ({"initiator": "neighbour"}, "initiator", "hvem der afsluttede"),
    ({"causes": []}, "causes", "mindst én årsag"),
    ({"causes": ["bad_luck"]}, "causes", "fra listen"),
    ({"causes": ["other"]}, "cause_text", "den anden årsag"),
    ({"causes": ["other"], "cause_text": "Plejefar blev syg"}, None, ""),
    ({"signs_seen": None}, "signs_seen", "tegn"),
    ({"signs_seen_on": None}, "signs_seen_on", "hvornår"),
    ({"signs_seen_on": day("2026-06-02")}, "signs_seen_on", "før sammenbruddet"),
    ({"signs_seen": False, "signs_seen_on": None}, None, ""),
    ({"next_step": ""}, "next_step", "hvad der skal ske"),
]


@pytest.mark.parametrize(("changes", "field", "text"), BREAKDOWN_RULES)
def test_the_rules_of_a_breakdown(changes, field, text):
    errors = ending.breakdown_errors(_record("2014-03-09"), _breakdown(**changes), TODAY)
    if field is None:
        assert errors == {}
    else:
        assert list(errors) == [field] and text in errors[field]


# The services on the placed case ------------------------------------------------------------

OPEN_GAP = {
    "dimension": "development_behaviour", "need": "high", "need_used": "high",
    "capacity": "moderate", "effective_capacity": "moderate", "gap_levels": 1,
    "open_levels": 1, "closed_by": [],
}  # fmt: skip


@pytest.fixture
def broken(placed: dict[str, Any]) -> dict[str, Any]:
    """The placed case whose match left behaviour open, with an assessment to copy."""
    run: MatchRun = placed["run"]
    result = run.result()
    result["top"][0]["gaps"] = [OPEN_GAP]
    MatchRun.objects.filter(pk=run.pk).update(result_data=pack(result))
    placed["record"] = PlacementRecord.objects.get(pk=placed["record"].pk)
    assessment_create(
        actor=placed["caseworker"], case=placed["case"],
        needs=[
            NeedInput(Dimension.DEVELOPMENT_BEHAVIOUR, SupportLevel.HIGH),
            NeedInput(Dimension.SCHOOLING, SupportLevel.MODERATE),
        ],
        resources="Vilja er god til at tegne",
    )  # fmt: skip
    return placed


def _today_breakdown(**changes: Any) -> ending.BreakdownInput:
    today = timezone.localdate()
    values: dict[str, Any] = {"broke_on": today, "signs_seen_on": today}
    values.update(changes)
    return _breakdown(**values)


def _nothing_written(world: dict[str, Any]) -> None:
    case = Case.objects.get(pk=world["case"].pk)
    assert case.status == CaseStatus.PLACED
    assert not PlacementEnding.objects.exists() and not Breakdown.objects.exists()
    assert Case.objects.filter(child=world["child"]).count() == 1
    assert Placement.objects.get(child_ref=world["child"].ref).end is None


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"broke_on": timezone.localdate() - datetime.timedelta(days=1)}, "broke_on", "før"),
        ({"causes": []}, "causes", "Vælg mindst én årsag."),
        ({"initiator": ""}, "initiator", "Vælg, hvem der afsluttede opholdet."),
    ],
)
def test_a_wrong_breakdown_is_refused_and_nothing_is_saved(broken, changes, field, text):
    with pytest.raises(ValidationError) as caught:
        ending.breakdown_register(
            actor=broken["caseworker"], record=broken["record"], data=_today_breakdown(**changes)
        )
    assert text in caught.value.message_dict[field][0]
    _nothing_written(broken)


def test_a_breakdown_while_the_child_stays_placed_starts_a_prefilled_change_of_placement(broken):
    record = broken["record"]
    ending.support_check(
        actor=broken["caseworker"], promised=record.promised_support.get(), in_place="no",
        since=None, enough="", checked_on=timezone.localdate(),
    )  # fmt: skip
    breakdown = ending.breakdown_register(
        actor=broken["caseworker"], record=record,
        data=_today_breakdown(causes=["support_missing", "child_behaviour"]),
    )  # fmt: skip
    # The old case stays placed; the place is given back on the day; nothing more is due.
    assert Case.objects.get(pk=broken["case"].pk).status == CaseStatus.PLACED
    assert Placement.objects.get(child_ref=broken["child"].ref).end == timezone.localdate()
    assert selectors.records_due([broken["case"].pk]) == []
    # What the match left open and the support that never came are kept with the breakdown.
    assert [g.dimension for g in ending.breakdown_gaps(breakdown)] == ["development_behaviour"]
    assert [(s.state, s.arrived) for s in ending.breakdown_support(breakdown)] == [("no", False)]
    assert breakdown.causes == ["child_behaviour", "support_missing"]
    new = NextCase.objects.get(record=record).case
    assert (new.case_type, new.status, new.child) == (
        "change_of_placement", CaseStatus.INVESTIGATION, broken["child"],
    )  # fmt: skip
    copied = Assessment.objects.get(case=new)
    assert copied.levels()["development_behaviour"] == "high"
    assert copied.resources == "Vilja er god til at tegne"
    assert list(Wish.objects.filter(case=new).values_list("text", flat=True)) == [
        "Jeg vil gerne bo sammen med en hund der hedder Balder"
    ]
    # Ending it again is refused with the day it ended.
    with pytest.raises(ValidationError, match="allerede"):
        ending.breakdown_register(
            actor=broken["caseworker"], record=record, data=_today_breakdown()
        )
    assert Breakdown.objects.count() == 1


def test_the_move_of_the_change_of_placement_case_hands_the_placement_over(broken):
    record = broken["record"]
    ending.breakdown_register(actor=broken["caseworker"], record=record, data=_today_breakdown())
    new = NextCase.objects.get(record=record).case
    started = StartedPlacement(
        organisation=new.organisation, case=new, place=broken["other_place"],
        started_on=timezone.localdate() + datetime.timedelta(days=20),
    )  # fmt: skip
    ending.hand_over(started=started)
    ending.hand_over(started=started)  # twice changes nothing
    old = Case.objects.get(pk=broken["case"].pk)
    assert old.status == CaseStatus.ENDED
    steps = CaseTransition.objects.filter(case=old, name="hand_over")
    assert steps.count() == 1 and "Lyngly afdeling A" in steps.get().reason


def test_a_breakdown_after_which_the_child_went_home_ends_the_case_and_starts_a_re_placement(
    broken,
):
    record = broken["record"]
    ending.breakdown_register(
        actor=broken["caseworker"], record=record,
        data=_today_breakdown(next_step="re_placement", initiator="child"),
    )  # fmt: skip
    assert Case.objects.get(pk=broken["case"].pk).status == CaseStatus.ENDED
    assert CaseTransition.objects.filter(case=broken["case"], name="end_placement").exists()
    assert NextCase.objects.get(record=record).case.case_type == "re_placement"


def test_going_home_ends_the_case_gives_the_place_back_and_cannot_be_ended_twice(placed):
    today = timezone.localdate()
    data = _ending(ended_on=today, decided_on=today, place_statement_on=today, child_heard_on=today)
    made = ending.placement_end(actor=placed["caseworker"], record=placed["record"], data=data)
    assert made.kind == EndingKind.HOME
    assert Case.objects.get(pk=placed["case"].pk).status == CaseStatus.ENDED
    assert Placement.objects.get(child_ref=placed["child"].ref).end == today
    with pytest.raises(ValidationError, match="allerede"):
        ending.placement_end(actor=placed["caseworker"], record=placed["record"], data=data)
    assert PlacementEnding.objects.count() == 1


@pytest.mark.parametrize(
    ("in_place", "since", "enough", "field", "text"),
    [
        ("yes", None, "enough", "since", "startede"),
        ("maybe", None, "enough", "in_place", "på plads"),
        ("partly", "today", "", "enough", "nok"),
        ("yes", "tomorrow", "enough", "since", "efter"),
    ],
)
def test_a_wrong_support_check_is_refused(placed, in_place, since, enough, field, text):
    today = timezone.localdate()
    dates = {None: None, "today": today, "tomorrow": today + datetime.timedelta(days=1)}
    with pytest.raises(ValidationError) as caught:
        ending.support_check(
            actor=placed["caseworker"], promised=placed["record"].promised_support.get(),
            in_place=in_place, since=dates[since], enough=enough, checked_on=today,
        )  # fmt: skip
    assert text in caught.value.message_dict[field][0]
    assert not SupportCheck.objects.exists()


def test_support_checks_are_versions_and_a_stale_form_is_refused(placed):
    today = timezone.localdate()
    promised = placed["record"].promised_support.get()
    kwargs: dict[str, Any] = {"actor": placed["caseworker"], "promised": promised}
    ending.support_check(
        **kwargs, in_place="no", since=None, enough="", checked_on=today, expected_version=0
    )
    ending.support_check(
        **kwargs, in_place="yes", since=today, enough="enough", checked_on=today,
        expected_version=1,
    )  # fmt: skip
    state = ending.support_states(placed["record"])[0]
    assert (state.latest.number, state.arrived) == (2, True)
    with pytest.raises(ValidationError, match="Intet blev gemt"):
        ending.support_check(
            **kwargs, in_place="no", since=None, enough="", checked_on=today, expected_version=1
        )
    assert SupportCheck.objects.count() == 2


def test_a_planned_change_of_place_ends_the_record_only_at_the_move(placed):
    record = placed["record"]
    new = ending.next_case_start(
        actor=placed["caseworker"], record=record, step="change",
        reason="Vilja skal tættere på sin skole",
    )  # fmt: skip
    assert new.case_type == "change_of_placement" and not PlacementEnding.objects.exists()
    # One open case beside the placement: a second one is refused.
    with pytest.raises(ValidationError, match="allerede en åben sag"):
        ending.next_case_start(
            actor=placed["caseworker"], record=record, step="change", reason="Igen"
        )
    move = timezone.localdate() + datetime.timedelta(days=30)
    started = StartedPlacement(
        organisation=new.organisation, case=new, place=placed["other_place"], started_on=move
    )
    made = ending.hand_over(started=started)
    assert made is not None
    assert (made.kind, made.ended_on) == (EndingKind.CHANGE, move - datetime.timedelta(days=1))
    assert Placement.objects.get(child_ref=placed["child"].ref).end == made.ended_on
    assert Case.objects.get(pk=placed["case"].pk).status == CaseStatus.ENDED
