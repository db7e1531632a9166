# SPDX-License-Identifier: MPL-2.0
"""followup: three years of placements after the move, and plans for the children moved today.

The preparation demo moves some children today, and the move opened their placement records.
Each of the first few gets a child's plan with goals on the two dimensions where the assessed
need is highest; the first of them also has its first follow-up held and a supervision visit.

Before them, each municipality placed children over about three years (``STORIES``). Each
story is lived on its own days by travelling in time: the case is imported into assessment, the
match runs, a place says yes, the decision is made and the child moves, each through the
service a caseworker uses, on the days they happened. After the move come the child's plan,
the child's, the parents' and the placement's answers before each follow-up and to the surveys,
the follow-ups with progression, the supervision visits and the checks of promised support.
Some stories end as planned (going home under § 100, or at 18 with a continued placement or
youth support), some break down with cause codes and start a change of placement or a
re-placement, which is carried on to a new place. A story whose place the ledger refuses is left
out (``ctx.shared["followup.skipped"]``), never forced.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from matchengine.vocab import SUPPORT_LEVEL_RANK, CaseType, Dimension, SupportLevel
from placematch.children import course
from placematch.children import demo as children_demo
from placematch.children.models import Case, CaseStatus, Child
from placematch.children.selectors import latest_assessment, parents_of
from placematch.children.services import NeedInput, assessment_create
from placematch.core.demo import DemoContext
from placematch.decisions import demo as decisions_demo
from placematch.followup import services, services_ending, services_voice
from placematch.followup.models import FollowUp, PlacementRecord
from placematch.followup.models_ending import (
    BreakdownCause,
    EndingKind,
    Enough,
    Initiator,
    InPlace,
    NextStep,
)
from placematch.followup.models_voice import Occasion, Respondent, VoiceRating
from placematch.followup.rules_voice import survey_points
from placematch.matching import demo as matching_demo
from placematch.matching.adapter import RunOptions
from placematch.matching.services_runs import MatchRunError, match_run_create
from placematch.preparation import demo as preparation_demo
from placematch.preparation.models import Step
from placematch.preparation.services_move import MoveError, placement_start

PLANS = 3
GOALS = {
    "health": "Går til tandlæge og læge, når det er aftalt",
    "development_behaviour": "Kan sige fra med ord i stedet for at slå",
    "schooling": "Går i skole hver dag og laver lektier med hjælp",
    "leisure_friendships": "Har en fast fritidsaktivitet og en ven at ses med",
    "safe_care": "Sover godt og ved, hvem der henter",
    "stimulation_guidance": "Følger faste rutiner morgen og aften",
    "relationships_support": "Ser sine forældre som aftalt i samværsplanen",
}
CHILD_GOALS = ("Jeg vil gerne gå til fodbold", "Jeg vil have en ven i klassen")
FOLLOWUP_NOTES = {
    "good": ("Det går fremad. Barnet har fundet ro og går i skole hver dag.",
             "God udvikling. Plejefamilien og skolen samarbejder godt."),
    "flat": ("Stille fremgang. Samværet med forældrene fylder meget.",
             "Barnet har gode og svære perioder. Vi holder fast i planen."),
    "down": ("Det er svært. Der har været konflikter flere gange om ugen.",
             "Stedet er presset. Den lovede supervision er ikke kommet i gang."),
}  # fmt: skip
VISIT_NOTES = (
    "Barnet viste sit værelse og fortalte om skolen.",
    "Vi gik en tur med barnet. Barnet talte om sine venner.",
    "Barnet var træt efter skole, men ville gerne vise sine tegninger.",
)
PRESENT = "Sagsbehandler, barnet og en voksen fra stedet"
# Ratings drawn for the answers: the story's trend sets how likely each one is.
RATINGS = {
    "good": (VoiceRating.GOOD, VoiceRating.GOOD, VoiceRating.MIXED),
    "flat": (VoiceRating.GOOD, VoiceRating.MIXED, VoiceRating.MIXED, VoiceRating.BAD),
    "down": (VoiceRating.MIXED, VoiceRating.BAD, VoiceRating.BAD),
}
CHILD_ANSWERS_FROM_AGE = 7
# A story no place could take is tried again with another child.
ATTEMPTS = 3


@dataclass(frozen=True)
class Story:
    """One child's placements: when the first began, the child's age then, how it went."""

    name: str
    started_days_ago: int
    age_days: int
    trend: str  # "good", "flat" or "down": the progression and the answers
    # How it ends (an EndingKind, "breakdown_change" or "breakdown_home"), after how many days;
    # "" goes on to today.
    ends: str = ""
    ends_after: int = 0
    # A breakdown's next case reaches its new place this many days after the breakdown.
    next_after: int = 0


YEAR = 365
# Each municipality lives its own stories (two demo municipalities: every kind of ending once).
STORIES = (
    (
        Story("steady", 1060, 9 * YEAR, "good"),
        Story("home", 990, 11 * YEAR, "good", EndingKind.HOME, 430),
        Story("eighteen", 780, 17 * YEAR + 120, "flat", EndingKind.ADULT_CONTINUED, 250),
        Story("change", 720, 13 * YEAR, "down", "breakdown_change", 200, next_after=70),
    ),
    (
        Story("steady", 880, 8 * YEAR, "flat"),
        Story("eighteen", 640, 17 * YEAR + 30, "good", EndingKind.ADULT_SUPPORT, 340),
        Story("replaced", 560, 14 * YEAR + 90, "down", "breakdown_home", 130, next_after=110),
        Story("recent", 215, 6 * YEAR, "flat"),
    ),
)
BREAKDOWNS = {
    "breakdown_change": (
        Initiator.PLACEMENT,
        [BreakdownCause.CHILD_BEHAVIOUR, BreakdownCause.SUPPORT_MISSING],
        "Plejefamilien kunne ikke mere. Supervisionen kom aldrig i gang.",
        NextStep.CHANGE,
    ),
    "breakdown_home": (
        Initiator.CHILD,
        [BreakdownCause.CHILD_UNWILLING, BreakdownCause.PARENTS],
        "Barnet løb hjem til mor flere gange og ville ikke tilbage.",
        NextStep.RE_PLACEMENT,
    ),
}


class _NotPlacedError(Exception):
    """A story the registry could not place: it is rolled back and left out."""


@contextmanager
def _on(day: date) -> Iterator[date]:
    """Live one step of a story on its own day, at ten in the morning."""
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    ):
        yield day


def _one_lower(level: str) -> str:
    rank = SUPPORT_LEVEL_RANK.get(SupportLevel(level), 2)
    return next(lvl.value for lvl, r in SUPPORT_LEVEL_RANK.items() if r == max(0, rank - 1))


def _level(rank: int) -> str:
    rank = min(max(rank, 0), max(SUPPORT_LEVEL_RANK.values()))
    return next(lvl.value for lvl, r in SUPPORT_LEVEL_RANK.items() if r == rank)


def _rank(level: str) -> int:
    try:
        return SUPPORT_LEVEL_RANK.get(SupportLevel(level), 2)
    except ValueError:
        return 2


def _goals(case: Case, made_on: date, count: int = 2) -> list[services.GoalInput]:
    """Goals on the dimensions where the assessed need is highest, one level lower in a year."""
    assessment = latest_assessment(case)
    levels = assessment.levels() if assessment is not None else {}
    ranked = sorted(GOALS, key=lambda d: -_rank(levels.get(d, "moderate")))
    return [
        services.GoalInput(
            dimension=code,
            target_level=_one_lower(levels.get(code, "moderate")),
            target_date=made_on + timedelta(days=180 if count == 2 else 365),
            goal=GOALS[code],
            measures="Ugentlig samtale med kontaktpersonen",
        )
        for code in ranked[:count]
    ]


def _caseworker(ctx: DemoContext, organisation_id: int) -> Any:
    code = next(c for c, org in ctx.municipalities.items() if org.pk == organisation_id)
    return ctx.users[(code, "caseworker")]


def _today_plans(ctx: DemoContext) -> None:
    """Plans for the children the preparation demo moved today; the first is followed up."""
    today = timezone.localdate()
    records = PlacementRecord.objects.select_related("case__child").order_by("pk")[:PLANS]
    for number, record in enumerate(records):
        caseworker = _caseworker(ctx, record.organisation_id)
        goals = _goals(record.case, today)
        services.plan_version_create(
            actor=caseworker, case=record.case, made_on=today, goals=goals,
            child_goals=ctx.rng.choice(CHILD_GOALS),
            family_support="Forældrene får en familiebehandler hver anden uge.",
        )  # fmt: skip
        if number:
            continue
        services.followup_hold(
            actor=caseworker, followup=FollowUp.objects.get(record=record, kind="first"),
            held_on=today, notes="En god start. Barnet er faldet godt til.",
            progress=[services.ProgressInput(dimension=g.dimension, level=g.target_level)
                      for g in goals],
        )  # fmt: skip
        services.followup_schedule(
            actor=caseworker, record=record, due_on=today + timedelta(days=90),
            reason="Efter tre måneder i skolen",
        )  # fmt: skip
        services.visit_record(
            actor=caseworker, record=record, visited_on=today,
            present="Sagsbehandler, barnet og plejemor", talked_alone=True,
            notes="Barnet viste sit værelse og talte om skolen.",
        )  # fmt: skip


# A placement's course before the move ------------------------------------------------------


def _child(ctx: DemoContext, municipality: Any, caseworker: Any, story: Story, n: int) -> Case:
    """A child known to the municipality 150 days before the move, in assessment."""
    start = timezone.localdate() - timedelta(days=story.started_days_ago)
    aware = start - timedelta(days=150)
    with _on(aware + timedelta(days=40)) as day:
        first, last = ctx.person_name()
        child = Child.objects.create(
            organisation=municipality, first_name=first, last_name=last,
            birth_date=start - timedelta(days=story.age_days),
            case_number=f"{municipality.municipality_code}-{900 + n:04d}",
            address_postcode="7100", school_name="Eksempelskolen", school_postcode="7100",
        )  # fmt: skip
        case = course.import_case(
            organisation=municipality, child=child, status=CaseStatus.ASSESSMENT,
            case_type=CaseType.FIRST_PLACEMENT.value, legal_basis="s46_consent",
            team=caseworker.team, aware_date=aware,
            investigation_completed=aware + timedelta(days=100),
        )  # fmt: skip
        case.caseworkers.set([caseworker])
        children_demo._people(ctx, child, case, custody=True)
        children_demo._voice(ctx, case, caseworker, day)
        # Light and moderate needs, high on one dimension: a need places in the registry meet.
        high = ctx.rng.choice(list(Dimension))
        assessment_create(
            actor=caseworker, case=case, resources="Glad for dyr og god til at tegne.",
            needs=[NeedInput(d, SupportLevel.HIGH if d == high else ctx.rng.choice(
                [SupportLevel.LIGHT, SupportLevel.MODERATE])) for d in Dimension],
            family_background="Mor er alene med to børn.", note="Første vurdering",
        )  # fmt: skip
    return case


def _move(
    ctx: DemoContext, case: Case, caseworker: Any, start: date, scenario: str
) -> PlacementRecord:
    """The match, a place's yes, the decision, the preparation and the move, on their days."""
    taken: set[int] = ctx.shared.setdefault("followup.places", set())
    with _on(start - timedelta(days=9)):
        try:
            # Vacancies were declared later than this day: places are asked directly (practical).
            run = match_run_create(
                request=None, user=caseworker, case=case,
                options=RunOptions(include_practical=True),
            )  # fmt: skip
        except MatchRunError as error:
            raise _NotPlacedError(f"{case.child.case_number}: {error}") from error
        places = [p for p in matching_demo._eligible(run) if p.pk not in taken]
        place = matching_demo._towards_decision(ctx, case, run, places, timezone.now())
    if place is None:
        raise _NotPlacedError(f"{case.child.case_number}: no place said yes")
    with _on(start - timedelta(days=3)) as day:
        if not decisions_demo._decide(ctx, case, place, scenario, caseworker, day):
            raise _NotPlacedError(
                f"{case.child.case_number}: {ctx.shared['decisions.refused'].pop()}"
            )
        plan = preparation_demo._start(ctx, case, caseworker, day)
        preparation_demo._contacts(ctx, plan, caseworker)
        preparation_demo._meeting(ctx, plan, Step.MATCH_INTERVIEW, caseworker, day)
        preparation_demo._meeting(ctx, plan, Step.MATCH_VISIT, caseworker, day)
        plan = preparation_demo._agree(plan, caseworker, start)
    with _on(start):
        try:
            started = placement_start(actor=caseworker, plan=plan)
        except (MoveError, ValidationError) as error:
            raise _NotPlacedError(f"{case.child.case_number}: {error}") from error
    taken.add(place.pk)
    return PlacementRecord.objects.select_related("case__child", "place").get(started=started)


# After the move ------------------------------------------------------------------------------


def _items(ctx: DemoContext, codes: list[str], trend: str) -> list[services_voice.ItemInput]:
    return [services_voice.ItemInput(code, ctx.rng.choice(RATINGS[trend]).value) for code in codes]


def _respondents(record: PlacementRecord, day: date) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = [(Respondent.PLACEMENT, None)]
    if record.case.child.age_on(day) >= CHILD_ANSWERS_FROM_AGE:
        found.append((Respondent.CHILD, None))
    parent = parents_of(record.case.child).order_by("pk").first()
    if parent is not None and not record.case.non_disclosure:
        found.append((Respondent.PARENT, parent))
    return found


def _answer(
    ctx: DemoContext, record: PlacementRecord, occasion: str, day: date, trend: str
) -> None:
    """The child, a parent and the placement answer on ``day`` (one of them may not)."""
    with _on(day):
        for respondent, person in _respondents(record, day):
            if ctx.rng.random() < 0.2:
                continue  # not everyone answers
            codes = services_voice.expected_codes(record, occasion, respondent)
            services_voice.voice_save(
                record=record, occasion=occasion, respondent=respondent, person=person,
                items=_items(ctx, codes, trend), today=day,
                comment="Det går bedre nu." if trend == "good" and ctx.rng.random() < 0.3 else "",
            )  # fmt: skip


def _progress(goals: list[services.GoalInput], levels: dict[str, str], step: int, trend: str
              ) -> list[services.ProgressInput]:  # fmt: skip
    """The level on each goal: a level better per follow-up when it goes well, worse when not."""
    move = {"good": -step, "flat": -(step // 2), "down": 1}[trend]
    return [
        services.ProgressInput(
            g.dimension, _level(_rank(levels.get(g.dimension, "moderate")) + move)
        )
        for g in goals
    ]


def _support_checks(ctx: DemoContext, record: PlacementRecord, day: date, trend: str) -> None:
    for promised in record.promised_support.all():
        arrived = trend != "down" and ctx.rng.random() < 0.8
        with _on(day):
            services_ending.support_check(
                actor=_caseworker(ctx, record.organisation_id), promised=promised,
                in_place=InPlace.YES if arrived else InPlace.NO,
                since=day - timedelta(days=30) if arrived else None,
                enough=Enough.ENOUGH if arrived else Enough.NOT_ENOUGH, checked_on=day,
                note="" if arrived else "Ikke startet. Leverandøren mangler folk.", today=day,
            )  # fmt: skip


def _follow(ctx: DemoContext, record: PlacementRecord, until: date, trend: str) -> None:
    """The plan, answers, follow-ups, visits and support checks from the move until ``until``."""
    caseworker = _caseworker(ctx, record.organisation_id)
    case = record.case
    made_on = record.started_on + timedelta(days=14)
    if made_on > until:
        return
    goals = _goals(case, made_on, count=3)
    assessment = latest_assessment(case)
    levels = assessment.levels() if assessment is not None else {}
    with _on(made_on):
        services.plan_version_create(
            actor=caseworker, case=case, made_on=made_on, goals=goals,
            child_goals=ctx.rng.choice(CHILD_GOALS), today=made_on,
            family_support="Forældrene får en familiebehandler hver anden uge.",
        )  # fmt: skip
    for point in survey_points(record.started_on):
        day = point.due + timedelta(days=ctx.rng.randint(0, 10))
        if day <= until:
            _answer(ctx, record, Occasion.SURVEY, day, trend)
    step = 0
    while (followup := services_voice.next_followup(record)) and followup.due_on <= until:
        step += 1
        _answer(ctx, record, Occasion.CHECK, followup.due_on - timedelta(days=7), trend)
        held = followup.due_on + timedelta(days=ctx.rng.randint(0, 6))
        if held > until:
            break
        with _on(held):
            services.followup_hold(
                actor=caseworker, followup=followup, held_on=held, today=held,
                notes=ctx.rng.choice(FOLLOWUP_NOTES[trend]),
                progress=_progress(goals, levels, step, trend),
            )  # fmt: skip
            services.followup_schedule(
                actor=caseworker, record=record, due_on=held + timedelta(days=180), today=held,
                reason="Et halvt år efter, sammen med næste tilsynsbesøg.",
            )  # fmt: skip
        if step == 1:
            _support_checks(ctx, record, held, trend)
    visit = record.started_on + timedelta(days=ctx.rng.randint(50, 80))
    while visit <= until:
        with _on(visit - timedelta(days=5)):
            if ctx.rng.random() < 0.5 and case.child.age_on(visit) >= CHILD_ANSWERS_FROM_AGE:
                services_voice.visit_wish_save(
                    record=record, wants_to_talk="yes", text="Om samvær med min mor."
                )
        alone = ctx.rng.random() < 0.85
        with _on(visit):
            services.visit_record(
                actor=caseworker, record=record, visited_on=visit, present=PRESENT,
                talked_alone=alone, today=visit, notes=ctx.rng.choice(VISIT_NOTES),
                not_alone_reason="" if alone else "Barnet var syg og ville ikke tale alene.",
            )  # fmt: skip
        visit += timedelta(days=ctx.rng.randint(150, 178))


# How a placement ends ------------------------------------------------------------------------


def _end_planned(ctx: DemoContext, record: PlacementRecord, kind: str, last_day: date) -> None:
    caseworker = _caseworker(ctx, record.organisation_id)
    birth = record.case.child.birth_date
    if kind != EndingKind.HOME:
        # At 18: the day before the 18th birthday is the last day of the placement.
        last_day = services_ending._birthday(birth, 18) - timedelta(days=1)
    data = services_ending.EndingInput(
        kind=kind, ended_on=last_day, decided_on=last_day - timedelta(days=30),
        decision_reference=f"{record.case.child.case_number}-{last_day:%Y}-100",
        place_statement_on=last_day - timedelta(days=40) if kind == EndingKind.HOME else None,
        child_heard_on=last_day - timedelta(days=35) if kind == EndingKind.HOME else None,
        stay_ends_on=(services_ending._birthday(birth, 19) if kind == EndingKind.ADULT_CONTINUED
                      else None),
        note="Barnet flytter hjem med familiebehandling i hjemmet."
        if kind == EndingKind.HOME else "Den unge bliver boende og får en kontaktperson.",
    )  # fmt: skip
    with _on(last_day + timedelta(days=1)) as day:
        services_ending.placement_end(actor=caseworker, record=record, data=data, today=day)


def _break_down(ctx: DemoContext, record: PlacementRecord, how: str, day: date) -> Case | None:
    """A breakdown with its causes; the next case for the same child starts the same day."""
    initiator, causes, text, step = BREAKDOWNS[how]
    data = services_ending.BreakdownInput(
        broke_on=day, initiator=initiator, causes=causes, cause_text=text, signs_seen=True,
        signs_seen_on=day - timedelta(days=45), next_step=step,
        note="Akut flytning. Barnet bor midlertidigt hos sin mormor."
        if step == NextStep.RE_PLACEMENT else "Barnet bliver på stedet, til et nyt sted er fundet.",
    )  # fmt: skip
    with _on(day):
        breakdown = services_ending.breakdown_register(
            actor=_caseworker(ctx, record.organisation_id), record=record, data=data, today=day
        )
    link = record.next_cases.filter(breakdown=breakdown).select_related("case").first()
    return link.case if link is not None else None


def _live(ctx: DemoContext, municipality: Any, caseworker: Any, story: Story, n: int) -> None:
    today = timezone.localdate()
    start = today - timedelta(days=story.started_days_ago)
    case = _child(ctx, municipality, caseworker, story, n)
    scenario = decisions_demo.S47 if n % 4 == 1 else decisions_demo.S46
    record = _move(ctx, case, caseworker, start, scenario)
    end = start + timedelta(days=story.ends_after) if story.ends else today
    _follow(ctx, record, min(end, today), story.trend)
    if story.ends in (EndingKind.HOME, EndingKind.ADULT_CONTINUED, EndingKind.ADULT_SUPPORT):
        _end_planned(ctx, record, story.ends, end)
        return
    if not story.ends:
        return
    new_case = _break_down(ctx, record, story.ends, end)
    if new_case is None:
        return
    second_start = end + timedelta(days=story.next_after)
    second_scenario = decisions_demo.CHANGE if story.ends == "breakdown_change" else scenario
    second = _move(ctx, new_case, caseworker, second_start, second_scenario)
    _follow(ctx, second, today, "good")


def _history(ctx: DemoContext) -> None:
    n = 0
    for index, (code, municipality) in enumerate(ctx.municipalities.items()):
        caseworker = ctx.users.get((code, "caseworker"))
        if caseworker is None:
            continue
        for story in STORIES[index % len(STORIES)]:
            for _attempt in range(ATTEMPTS):
                n += 1
                try:
                    with transaction.atomic():
                        _live(ctx, municipality, caseworker, story, n)
                    break
                except _NotPlacedError as skipped:
                    ctx.shared.setdefault("followup.skipped", []).append(str(skipped))


def load(ctx: DemoContext) -> None:
    _today_plans(ctx)
    _history(ctx)
