# SPDX-License-Identifier: MPL-2.0
"""evaluation: one typed row per started placement (and per survey answer), from bulk queries.

The statistics, the pages and the export all read these rows, never the models. A row is built
from a handful of aggregate queries per organisation, whatever the number of placements; the
engine's facts at decision time (rank, score, open needs, wishes) come from the match run, which
is immutable, so they are decoded once per run and kept (in memory and in the shared cache).

Definitions (docs/glossary.md, "Evaluation"):
- observation runs from the start to the last day at the place, or to ``as_of`` if not ended;
  a breakdown is the event, every other ending (home, at 18, a planned change) censors it;
- ``high_needs`` counts dimensions assessed high or complete in the engine input at decision;
- ``open_needs`` counts dimensions the chosen place left open in the gap matrix (known when the
  chosen place was among the run's explained places);
- fidelity fields follow seed 001's model: see ``FIDELITY`` in ``stats.py`` for the shares.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from matchengine.vocab import LegalBasis, NeedTag
from placematch.children.deadlines import CHILD_PLAN_MONTHS, add_months
from placematch.children.models import Case, ContactKind, Conversation, ParentView
from placematch.followup.models import (
    ChildPlanVersion,
    FollowUp,
    PlacementRecord,
    PromisedSupport,
    SupervisionVisit,
)
from placematch.followup.models_ending import EndingKind, SupportCheck
from placematch.followup.models_voice import Occasion, VoiceItem
from placematch.matching.models import Inquiry, MatchRun
from placematch.matching.models.runs import unpack
from placematch.preparation.models import STEP_ORDER, MeetingFeedback, PreparationMeeting

# Age bands at the start; the last one is outside the seed's count (under 18 only).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-5", 0, 5),
    ("6-11", 6, 11),
    ("12-14", 12, 14),
    ("15-17", 15, 17),
    ("18+", 18, 200),
)
HIGH_LEVELS = frozenset({"high", "complete"})
DISABILITY_TAGS = frozenset(
    {
        NeedTag.INTELLECTUAL_DISABILITY.value,
        NeedTag.PHYSICAL_DISABILITY_MEDICAL.value,
        NeedTag.SENSORY_IMPAIRMENT.value,
        NeedTag.ACQUIRED_BRAIN_INJURY.value,
    }
)
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PlacementRow:
    """One started placement, as the evaluation counts it. Field names are a stable contract."""

    record_id: int
    organisation_id: int
    child_id: int
    case_id: int
    started_on: datetime.date
    start_year: int
    start_month: str  # "YYYY-MM"
    kind: str  # preparation.StartedKind
    age_at_start: int
    age_band: str  # one of AGE_BANDS
    under_18: bool
    sex: str  # the engine input's gender at decision: girl | boy | other | unknown
    disability: bool
    place_type: str  # matchengine.vocab.PlaceType
    case_kind: str  # matchengine.vocab.CaseType
    legal_basis: str  # matchengine.vocab.LegalBasis, "" if not recorded
    high_needs: int
    open_needs: int | None
    support_promised: int
    support_arrived: bool | None  # None: nothing promised or not checked yet
    wishes_met: bool | None  # None: no scored wish, or not known
    engine_rank: int | None  # None: no run, or the chosen place was not ranked
    engine_score: float | None
    top3: bool | None  # None: no run
    ending_kind: str  # followup.EndingKind, "" while the placement lasts
    ended_on: datetime.date | None
    breakdown: bool
    breakdown_on: datetime.date | None
    observed_days: int
    censored: bool
    caseworker_ids: tuple[int, ...]
    # Fidelity to the model (seed 001).
    child_conversation: bool
    parents_views: bool
    match_meeting: bool
    inquiries_sent: int
    inquiries_on_time: int
    preparation_steps: bool
    feedback_answered: bool | None  # None: no meeting held
    plan_on_time: bool  # made by its deadline (§ 91): see ``_plan_due``
    followups_due: int
    followups_on_time: int
    visits: int
    visits_talked_alone: int

    @property
    def breakdown_within_year(self) -> bool:
        return self.breakdown and self.observed_days <= 365


@dataclass(frozen=True, slots=True)
class SurveyRow:
    """One rated question of one survey answer (1, 3, 6 or 12 months after the start)."""

    record_id: int
    organisation_id: int
    child_id: int
    survey_month: int
    respondent: str  # followup.models_voice.Respondent
    question: str
    rating: str  # followup.models_voice.VoiceRating
    answered_month: str  # "YYYY-MM"


@dataclass(frozen=True, slots=True)
class EngineFacts:
    """What the match run said about the chosen place, decoded once per (run, place)."""

    sex: str
    disability: bool
    high_needs: int
    rank: int | None
    score: float | None
    open_needs: int | None
    wishes_met: bool | None


# (run id, when the run was made, chosen place): the time guards against a reused id (a test
# database rolled back), since a run itself never changes.
RunPlace = tuple[int, float, int]
_FACTS: dict[RunPlace, EngineFacts] = {}
_FACTS_LIMIT = 200_000


def age_band(age: int) -> str:
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return AGE_BANDS[0][0]


def _age(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def engine_facts(child_input: dict[str, Any], result: dict[str, Any], place_id: int) -> EngineFacts:
    """The chosen place's rank, score, open needs and wishes in one run's result."""
    needs = child_input.get("needs") or {}
    pid = str(place_id)
    rank = score = None
    for entry in result.get("ranked", ()):
        if str(entry.get("place_id")) == pid:
            rank, score = int(entry["rank"]), entry["score_milli"] / 1000
            break
    open_needs: int | None = None
    wishes_met: bool | None = None
    for entry in result.get("top", ()):
        if str(entry.get("place_id")) != pid:
            continue
        open_needs = sum(1 for g in entry.get("gaps", ()) if (g.get("open_levels") or 0) > 0)
        wishes = [f for f in entry.get("factors", ()) if f.get("code") == "wishes"]
        if wishes:
            wishes_met = all((f.get("params") or {}).get("met", 0) >= 1000 for f in wishes)
        break
    return EngineFacts(
        sex=child_input.get("gender") or UNKNOWN,
        disability=bool(DISABILITY_TAGS.intersection(child_input.get("need_tags") or ())),
        high_needs=sum(1 for level in needs.values() if level in HIGH_LEVELS),
        rank=rank,
        score=score,
        open_needs=open_needs,
        wishes_met=wishes_met,
    )


def _cache_key(run: int, made: float, place: int) -> str:
    return f"evaluation:engine:v1:{run}:{made}:{place}"


def _engine(pairs: set[RunPlace]) -> dict[RunPlace, EngineFacts]:
    """Facts per (run, place). A run never changes, so its facts are decoded once and kept: in
    this process, and in the shared cache for the other processes and after a restart (decoding
    a run's whole result takes milliseconds; 15,000 of them would take over a minute)."""
    if len(_FACTS) > _FACTS_LIMIT:
        _FACTS.clear()
    wanted = [pair for pair in pairs if pair not in _FACTS]
    if wanted:
        cached = cache.get_many([_cache_key(*pair) for pair in wanted])
        for pair in wanted:
            found = cached.get(_cache_key(*pair))
            if found is not None:
                _FACTS[pair] = EngineFacts(*found)
    missing = {run for run, made, place in pairs if (run, made, place) not in _FACTS}
    if missing:
        places: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for run, made, place in pairs:
            if run in missing:
                places[run].append((made, place))
        decoded: dict[str, tuple[Any, ...]] = {}
        for run, child_input, blob in MatchRun.objects.filter(pk__in=missing).values_list(
            "pk", "child_input", "result_data"
        ):
            result = unpack(blob)
            for made, place in places[run]:
                facts = engine_facts(child_input, result, place)
                _FACTS[(run, made, place)] = facts
                decoded[_cache_key(run, made, place)] = dataclasses.astuple(facts)
        cache.set_many(decoded, timeout=None)
    return {pair: _FACTS[pair] for pair in pairs if pair in _FACTS}


def _plan_due(basis: str, decided: datetime.date) -> datetime.date:
    """The child's plan's deadline (§ 91): before the decision for § 47, else 3 months after."""
    if basis == LegalBasis.S47_WITHOUT_CONSENT.value:
        return decided
    return add_months(decided, CHILD_PLAN_MONTHS)


def _counts(rows: Iterable[tuple[int, int, int]]) -> dict[int, tuple[int, int]]:
    return {key: (a, b) for key, a, b in rows}


def placement_rows(
    organisation_id: int,
    *,
    as_of: datetime.date,
    started_from: datetime.date | None = None,
    started_until: datetime.date | None = None,
    caseworker_id: int | None = None,
) -> list[PlacementRow]:
    """Every placement of the organisation started in the period (and up to ``as_of``)."""
    records = PlacementRecord.objects.filter(organisation_id=organisation_id, started_on__lte=as_of)
    if started_from is not None:
        records = records.filter(started_on__gte=started_from)
    if started_until is not None:
        records = records.filter(started_on__lte=started_until)
    if caseworker_id is not None:
        records = records.filter(case__caseworkers=caseworker_id)
    base = list(
        records.order_by("started_on", "pk").values(
            "pk",
            "organisation_id",
            "case_id",
            "started_on",
            "kind",
            "legal_basis",
            "run_id",
            "run__created_at",
            "place_id",
            "decision_id",
            "case__child_id",
            "case__child__birth_date",
            "case__case_type",
            "case__legal_basis",
            "place__place_type",
            "decision__decided_at",
            "decision__meeting__held_on",
            "started__plan_id",
            "started__plan__mutual_yes",
            "ending__kind",
            "ending__ended_on",
            "case__child_plan_date",
        )
    )
    if not base:
        return []
    ids = [r["pk"] for r in base]
    case_ids = {r["case_id"] for r in base}
    plan_ids = {r["started__plan_id"] for r in base}

    def run_place(run: int, made: datetime.datetime, place: int) -> RunPlace:
        return (run, made.timestamp(), place)

    engine = _engine(
        {run_place(r["run_id"], r["run__created_at"], r["place_id"]) for r in base if r["run_id"]}
    )

    caseworkers: dict[int, list[int]] = defaultdict(list)
    for case_id, user_id in Case.caseworkers.through.objects.filter(
        case_id__in=case_ids
    ).values_list("case_id", "user_id"):
        caseworkers[case_id].append(user_id)
    first_conversation = dict(
        Conversation.objects.filter(case_id__in=case_ids, kind=ContactKind.CONVERSATION)
        .values("case_id")
        .annotate(first=Min("held_on"))
        .values_list("case_id", "first")
    )
    first_view = dict(
        ParentView.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(first=Min("created_at"))
        .values_list("case_id", "first")
    )
    first_plan = dict(
        ChildPlanVersion.objects.filter(plan__case_id__in=case_ids)
        .values("plan__case_id")
        .annotate(first=Min("made_on"))
        .values_list("plan__case_id", "first")
    )
    inquiries = _counts(
        Inquiry.objects.filter(case_id__in=case_ids, withdrawn_at__isnull=True)
        .values("case_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(answered_at__lte=F("due_at"))))
        .values_list("case_id", "n", "on_time")
    )
    held_steps: dict[int, set[str]] = defaultdict(set)
    held_meetings: dict[int, int] = defaultdict(int)
    for plan_id, step in PreparationMeeting.objects.filter(
        plan_id__in=plan_ids, held=True
    ).values_list("plan_id", "step"):
        held_steps[plan_id].add(step)
        held_meetings[plan_id] += 1
    with_feedback = dict(
        MeetingFeedback.objects.filter(meeting__plan_id__in=plan_ids, meeting__held=True)
        .values("meeting__plan_id")
        .annotate(n=Count("meeting_id", distinct=True))
        .values_list("meeting__plan_id", "n")
    )
    followups = _counts(
        FollowUp.objects.filter(record_id__in=ids, due_on__lte=as_of)
        .values("record_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(held_on__lte=F("due_on"))))
        .values_list("record_id", "n", "on_time")
    )
    visits = _counts(
        SupervisionVisit.objects.filter(record_id__in=ids, visited_on__lte=as_of)
        .values("record_id")
        .annotate(n=Count("pk"), alone=Count("pk", filter=Q(talked_alone=True)))
        .values_list("record_id", "n", "alone")
    )
    promised: dict[int, int] = defaultdict(int)
    promise_record: dict[int, int] = {}
    for pk, record_id in PromisedSupport.objects.filter(record_id__in=ids).values_list(
        "pk", "record_id"
    ):
        promised[record_id] += 1
        promise_record[pk] = record_id
    latest: dict[int, str] = {}
    # Checks come newest version first per promise; the first one seen is the latest.
    for promise_id, in_place in (
        SupportCheck.objects.filter(promised_id__in=promise_record, checked_on__lte=as_of)
        .order_by("promised_id", "-number")
        .values_list("promised_id", "in_place")
    ):
        latest.setdefault(promise_id, in_place)
    arrived: dict[int, list[bool]] = defaultdict(list)
    for promise_id, in_place in latest.items():
        arrived[promise_record[promise_id]].append(in_place != "no")

    out = []
    for r in base:
        started: datetime.date = r["started_on"]
        decided = (
            timezone.localtime(r["decision__decided_at"]).date()
            if r["decision__decided_at"]
            else started
        )
        ended_on: datetime.date | None = r["ending__ended_on"]
        ending_kind: str = r["ending__kind"] or ""
        if ended_on is not None and ended_on > as_of:  # recorded ahead: not ended yet
            ended_on, ending_kind = None, ""
        breakdown = ending_kind == EndingKind.BREAKDOWN
        last = ended_on or as_of
        age = _age(r["case__child__birth_date"], started)
        facts = (
            engine.get(run_place(r["run_id"], r["run__created_at"], r["place_id"]))
            if r["run_id"]
            else None
        )
        steps = held_steps[r["started__plan_id"]]
        meetings = held_meetings[r["started__plan_id"]]
        checks = arrived.get(r["pk"])
        view = first_view.get(r["case_id"])
        conversation = first_conversation.get(r["case_id"])
        # A plan made here, or the date the case records for one made elsewhere.
        plans = [d for d in (first_plan.get(r["case_id"]), r["case__child_plan_date"]) if d]
        plan = min(plans) if plans else None
        inq = inquiries.get(r["case_id"], (0, 0))
        fol = followups.get(r["pk"], (0, 0))
        vis = visits.get(r["pk"], (0, 0))
        out.append(
            PlacementRow(
                record_id=r["pk"],
                organisation_id=r["organisation_id"],
                child_id=r["case__child_id"],
                case_id=r["case_id"],
                started_on=started,
                start_year=started.year,
                start_month=f"{started:%Y-%m}",
                kind=r["kind"],
                age_at_start=age,
                age_band=age_band(age),
                under_18=age < 18,
                sex=facts.sex if facts else UNKNOWN,
                disability=facts.disability if facts else False,
                place_type=r["place__place_type"],
                case_kind=r["case__case_type"],
                legal_basis=r["legal_basis"] or r["case__legal_basis"] or "",
                high_needs=facts.high_needs if facts else 0,
                open_needs=facts.open_needs if facts else None,
                support_promised=promised.get(r["pk"], 0),
                support_arrived=all(checks) if checks else None,
                wishes_met=facts.wishes_met if facts else None,
                engine_rank=facts.rank if facts else None,
                engine_score=facts.score if facts else None,
                top3=(facts.rank is not None and facts.rank <= 3) if facts else None,
                ending_kind=ending_kind,
                ended_on=ended_on,
                breakdown=breakdown,
                breakdown_on=ended_on if breakdown else None,
                observed_days=max((last - started).days, 0),
                censored=not breakdown,
                caseworker_ids=tuple(sorted(caseworkers.get(r["case_id"], ()))),
                child_conversation=conversation is not None and conversation <= decided,
                parents_views=view is not None and timezone.localtime(view).date() <= decided,
                match_meeting=r["decision__meeting__held_on"] is not None
                and r["decision__meeting__held_on"] <= decided,
                inquiries_sent=inq[0],
                inquiries_on_time=inq[1],
                preparation_steps=set(STEP_ORDER) <= steps and bool(r["started__plan__mutual_yes"]),
                feedback_answered=(with_feedback.get(r["started__plan_id"], 0) >= meetings)
                if meetings
                else None,
                plan_on_time=plan is not None
                and plan <= _plan_due(r["legal_basis"] or r["case__legal_basis"], decided),
                followups_due=fol[0],
                followups_on_time=fol[1],
                visits=vis[0],
                visits_talked_alone=vis[1],
            )
        )
    return out


def survey_rows(
    organisation_id: int,
    *,
    as_of: datetime.date,
    started_from: datetime.date | None = None,
    started_until: datetime.date | None = None,
) -> list[SurveyRow]:
    """Every rated question of the 1/3/6/12-month surveys of placements started in the period."""
    items = VoiceItem.objects.filter(
        answer__organisation_id=organisation_id,
        answer__occasion=Occasion.SURVEY,
        answer__record__started_on__lte=as_of,
    )
    if started_from is not None:
        items = items.filter(answer__record__started_on__gte=started_from)
    if started_until is not None:
        items = items.filter(answer__record__started_on__lte=started_until)
    return [
        SurveyRow(
            record_id=record_id,
            organisation_id=organisation_id,
            child_id=child_id,
            survey_month=month or 0,
            respondent=respondent,
            question=question,
            rating=rating,
            answered_month=f"{timezone.localtime(answered):%Y-%m}",
        )
        for record_id, child_id, month, respondent, question, rating, answered in items.order_by(
            "answer__record_id", "answer__survey_month", "pk"
        ).values_list(
            "answer__record_id",
            "answer__record__case__child_id",
            "answer__survey_month",
            "answer__respondent",
            "question",
            "rating",
            "answer__answered_at",
        )
    ]
