# SPDX-License-Identifier: MPL-2.0
"""followup: ending or changing a placement, breakdowns, the case that comes next, support checks.

Each service runs in one transaction and checks its rules first: a refusal is a
``ValidationError`` with a translated message per field, and nothing is written. The case's
status changes only through ``children.course`` (``end_placement``, ``hand_over``); the place is
given back only through the providers' ledger (``ledger.placement_end``). ``today`` is a
parameter so the rules can be tested on fixed dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matchengine.vocab import Dimension, NeedTag, SupportLevel, WishImportance, WishKind
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children import course
from placematch.children.models import Case, CaseStatus
from placematch.children.selectors import latest_assessment
from placematch.children.services import (
    NeedInput,
    ObservationInput,
    assessment_create,
    case_open,
    log_write,
)
from placematch.children.services_voice import wish_add
from placematch.core.codes import label_of
from placematch.core.concurrency import refuse_stale
from placematch.followup.models import PlacementRecord, PromisedSupport
from placematch.followup.models_ending import (
    Breakdown,
    BreakdownCause,
    EndingKind,
    Enough,
    Initiator,
    InPlace,
    NextCase,
    NextStep,
    PlacementEnding,
    SupportCheck,
)
from placematch.preparation.models import StartedPlacement
from placematch.providers import ledger

# The kinds a caseworker records on the ending form; a breakdown and a change have their own way.
PLANNED = (EndingKind.HOME, EndingKind.ADULT_CONTINUED, EndingKind.ADULT_SUPPORT)
PARTY_AGE = 10  # § 3: the child is a party from 10
CONTINUED_UNTIL_AGE = 23  # a continued placement lasts until the 23rd birthday at the latest
CASE_TYPE_OF = {
    NextStep.CHANGE: "change_of_placement",
    NextStep.RE_PLACEMENT: "re_placement",
}


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _today(today: datetime.date | None) -> datetime.date:
    return today if today is not None else timezone.localdate()


def _birthday(birth: datetime.date, age: int) -> datetime.date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born 29 February: the birthday falls on 1 March
        return datetime.date(birth.year + age, 3, 1)


# What the match left open and what the promised support came to -----------------------------


@dataclass(frozen=True)
class OpenGap:
    """A need the chosen place's capacity did not reach at the match, in levels."""

    dimension: str
    need: str
    capacity: str
    open_levels: int

    @property
    def label(self) -> str:
        return _("%(dimension)s: need %(need)s, the place %(capacity)s") % {
            "dimension": label_of(Dimension, self.dimension),
            "need": label_of(SupportLevel, self.need).lower(),
            "capacity": label_of(SupportLevel, self.capacity).lower(),
        }


@dataclass(frozen=True)
class SupportState:
    """One promised support and its latest check (None: not checked yet)."""

    promised: PromisedSupport
    latest: SupportCheck | None

    @property
    def arrived(self) -> bool | None:
        return None if self.latest is None else self.latest.arrived


def open_gaps(record: PlacementRecord) -> list[OpenGap]:
    """The chosen place's gaps that no support closed, in the run the decision rests on."""
    if record.run is None:
        return []
    top = {str(t["place_id"]): t for t in record.run.result().get("top", [])}
    chosen = top.get(str(record.place_id)) or {}
    return [
        OpenGap(g["dimension"], g["need"], g["capacity"], int(g["open_levels"]))
        for g in chosen.get("gaps", [])
        if int(g.get("open_levels", 0)) > 0
    ]


def support_states(record: PlacementRecord) -> list[SupportState]:
    """Each support promised on the record with its newest check."""
    promised = list(record.promised_support.prefetch_related("checks__created_by"))
    return [SupportState(p, next(iter(p.checks.all()), None)) for p in promised]


def _support_snapshot(record: PlacementRecord) -> list[dict[str, str]]:
    return [
        {
            "text": s.promised.text,
            "state": s.latest.in_place if s.latest else "",
            "since": s.latest.since.isoformat() if s.latest and s.latest.since else "",
            "enough": s.latest.enough if s.latest else "",
        }
        for s in support_states(record)
    ]


@dataclass(frozen=True)
class SupportLine:
    """A promised support as it stood at a breakdown, for the page."""

    text: str
    state: str
    since: datetime.date | None
    enough: str

    @property
    def state_label(self) -> str:
        if not self.state:
            return _("Never checked")
        return str(InPlace(self.state).label)

    @property
    def arrived(self) -> bool:
        return self.state in (InPlace.YES, InPlace.PARTLY)


def breakdown_support(breakdown: Breakdown) -> list[SupportLine]:
    return [
        SupportLine(
            text=row["text"],
            state=row["state"],
            since=datetime.date.fromisoformat(row["since"]) if row["since"] else None,
            enough=row["enough"],
        )
        for row in breakdown.support
    ]


def breakdown_gaps(breakdown: Breakdown) -> list[OpenGap]:
    return [OpenGap(**row) for row in breakdown.open_gaps]


# Support delivered (item 5) -------------------------------------------------------------------


@transaction.atomic
def support_check(
    *,
    actor: User,
    promised: PromisedSupport,
    in_place: str,
    since: datetime.date | None,
    enough: str,
    checked_on: datetime.date,
    note: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> SupportCheck:
    """Record whether a promised support is in place, from when and whether it is enough.

    Each check is a new version; ``expected_version`` is the number the form was built on.
    """
    record = promised.record
    errors: dict[str, str] = {}
    if in_place not in InPlace.values:
        errors["in_place"] = _("Choose whether the support is in place.")
    if enough not in Enough.values and in_place != InPlace.NO:
        errors["enough"] = _("Choose whether the support is enough.")
    if checked_on > _today(today):
        errors["checked_on"] = _("The date is in the future. Write the day you checked.")
    elif checked_on < record.started_on:
        errors["checked_on"] = _(
            "The child moved on %(start)s. A check before the move is not possible."
        ) % {"start": _d(record.started_on)}
    if in_place in (InPlace.YES, InPlace.PARTLY):
        if since is None:
            errors["since"] = _("Write the day the support started.")
        elif since > checked_on:
            errors["since"] = _("The support cannot start after the day you checked.")
    if errors:
        raise ValidationError(errors)
    PromisedSupport.objects.select_for_update().filter(pk=promised.pk).first()
    last = promised.checks.aggregate(last=Max("number"))["last"] or 0
    refuse_stale(
        expected=expected_version, actual=last,
        current=promised.checks.filter(number=last).first(),
    )  # fmt: skip
    check = SupportCheck.objects.create(
        promised=promised, number=last + 1, in_place=in_place,
        since=since if in_place != InPlace.NO else None,
        enough=enough if in_place != InPlace.NO else Enough.NOT_ENOUGH,
        note=note.strip(), checked_on=checked_on, created_by=actor,
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=check, child=record.case.child,
        detail={"promised": promised.pk, "in_place": in_place, "version": check.number},
    )  # fmt: skip
    return check


# Endings ------------------------------------------------------------------------------------


def _lock_open(record: PlacementRecord) -> PlacementRecord:
    """Lock the record; an ended one (or a case no longer placed) is refused."""
    locked = (
        PlacementRecord.objects.select_for_update(of=("self",))
        .select_related("case__child", "place", "started__placement", "run")
        .get(pk=record.pk)
    )
    ending = PlacementEnding.objects.filter(record=locked).first()
    if ending is not None:
        raise ValidationError(
            _("This placement was ended already on %(day)s (%(kind)s). Nothing was saved.")
            % {"day": _d(ending.ended_on), "kind": ending.get_kind_display()},
            code="ended",
        )
    if locked.case.status != CaseStatus.PLACED:
        raise ValidationError(
            _("The case is not placed, so there is no placement to end. Nothing was saved."),
            code="not_placed",
        )
    return locked


def _last_day_errors(
    record: PlacementRecord, day: datetime.date, today: datetime.date, field: str
) -> dict[str, str]:
    if day < record.started_on:
        return {
            field: _("The placement started on %(start)s. Write that day or a later one.")
            % {"start": _d(record.started_on)}
        }
    if day > today:
        return {field: _("The day is in the future. Record the ending when it has happened.")}
    return {}


def _give_back(
    record: PlacementRecord,
    last_day: datetime.date,
    actor: User | None,
    request: HttpRequest | None,
) -> None:
    """End the ledger's placement on the last day, so the place is free from the next."""
    placement = record.started.placement
    if placement is not None and placement.end is None:
        ledger.placement_end(actor=actor, placement=placement, end=last_day, request=request)


@dataclass(frozen=True)
class EndingInput:
    """A planned ending as the form sent it."""

    kind: str
    ended_on: datetime.date
    decided_on: datetime.date | None
    decision_reference: str
    place_statement_on: datetime.date | None = None
    child_heard_on: datetime.date | None = None
    stay_ends_on: datetime.date | None = None
    note: str = ""


def ending_errors(
    record: PlacementRecord, data: EndingInput, today: datetime.date
) -> dict[str, str]:
    """The rules of a planned ending, one message per field (tested as a table)."""
    errors = _last_day_errors(record, data.ended_on, today, "ended_on")
    if data.kind not in PLANNED:
        errors["kind"] = _("Choose how the placement ends.")
        return errors
    if data.decided_on is None:
        errors["decided_on"] = _("Write the day the decision was made.")
    elif data.decided_on > data.ended_on:
        errors["decided_on"] = _("The decision comes before the last day at the place.")
    if not data.decision_reference.strip():
        errors["decision_reference"] = _("Write the decision's reference (journal number).")
    birth = record.case.child.birth_date
    if data.kind == EndingKind.HOME:
        # § 100, stk. 2: the place's statement before the decision; § 3: the child from 10.
        if data.place_statement_on is None:
            errors["place_statement_on"] = _(
                "Write the day the place's statement came (§ 100, stk. 2)."
            )
        elif data.decided_on is not None and data.place_statement_on > data.decided_on:
            errors["place_statement_on"] = _("The place's statement comes before the decision.")
        decided = data.decided_on or data.ended_on
        if _birthday(birth, PARTY_AGE) <= decided:
            if data.child_heard_on is None:
                errors["child_heard_on"] = _(
                    "The child is 10 or older and a party (§ 3). Write the day the child was heard."
                )
            elif data.child_heard_on > decided:
                errors["child_heard_on"] = _("The child is heard before the decision.")
    else:
        eighteen = _birthday(birth, 18)
        if data.ended_on + datetime.timedelta(days=1) < eighteen:
            errors["ended_on"] = _(
                "The child turns 18 on %(day)s. An ending at 18 has the day before as its last "
                "day at the earliest."
            ) % {"day": _d(eighteen)}
    if data.kind == EndingKind.ADULT_CONTINUED:
        last = _birthday(birth, CONTINUED_UNTIL_AGE) - datetime.timedelta(days=1)
        if data.stay_ends_on is None:
            errors["stay_ends_on"] = _("Write the day the continued stay at the place ends.")
        elif not data.ended_on <= data.stay_ends_on <= last:
            errors["stay_ends_on"] = _(
                "The continued stay ends after the placement and by %(day)s (the day before "
                "the 23rd birthday)."
            ) % {"day": _d(last)}
    return errors


@transaction.atomic
def placement_end(
    *,
    actor: User,
    record: PlacementRecord,
    data: EndingInput,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> PlacementEnding:
    """End a placement as planned: going home (§ 100) or at 18 (§§ 114 ff.).

    The case ends through the course's ``end_placement``; the place is given back on the last
    day, or on the day a continued stay at the same place ends.
    """
    locked = _lock_open(record)
    errors = ending_errors(locked, data, _today(today))
    if errors:
        raise ValidationError(errors)
    ending = PlacementEnding.objects.create(
        organisation=locked.organisation, record=locked, kind=data.kind, ended_on=data.ended_on,
        decided_on=data.decided_on, decision_reference=data.decision_reference.strip(),
        place_statement_on=data.place_statement_on if data.kind == EndingKind.HOME else None,
        child_heard_on=data.child_heard_on if data.kind == EndingKind.HOME else None,
        stay_ends_on=data.stay_ends_on if data.kind == EndingKind.ADULT_CONTINUED else None,
        note=data.note.strip(), created_by=actor,
    )  # fmt: skip
    _give_back(locked, ending.stay_ends_on or ending.ended_on, actor, request)
    course.transition(
        locked.case, "end_placement", actor=actor, request=request,
        reason=_("%(kind)s, decision %(ref)s of %(day)s")
        % {"kind": ending.get_kind_display(), "ref": ending.decision_reference,
           "day": _d(ending.decided_on)},  # type: ignore[arg-type]
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=ending, child=locked.case.child,
        detail={"kind": ending.kind, "ended_on": ending.ended_on.isoformat()},
    )  # fmt: skip
    return ending


# Breakdowns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownInput:
    """A breakdown as the form sent it."""

    broke_on: datetime.date
    initiator: str
    causes: Sequence[str]
    cause_text: str
    signs_seen: bool | None
    signs_seen_on: datetime.date | None
    next_step: str
    note: str = ""


def breakdown_errors(
    record: PlacementRecord, data: BreakdownInput, today: datetime.date
) -> dict[str, str]:
    """The rules of a breakdown, one message per field (tested as a table)."""
    errors: dict[str, str] = {}
    if data.broke_on < record.started_on:
        errors["broke_on"] = _(
            "The placement started on %(start)s. A breakdown before the start is not possible."
        ) % {"start": _d(record.started_on)}
    elif data.broke_on > today:
        errors["broke_on"] = _("The day is in the future. Record the breakdown when it happened.")
    if data.initiator not in Initiator.values:
        errors["initiator"] = _("Choose who ended the stay.")
    if not data.causes:
        errors["causes"] = _("Choose at least one cause.")
    elif any(c not in BreakdownCause.values for c in data.causes):
        errors["causes"] = _("Choose the causes from the list.")
    elif BreakdownCause.OTHER in data.causes and not data.cause_text.strip():
        errors["cause_text"] = _("Write the other cause.")
    if data.signs_seen is None:
        errors["signs_seen"] = _("Choose whether signs were seen beforehand.")
    elif data.signs_seen:
        if data.signs_seen_on is None:
            errors["signs_seen_on"] = _("Write when the signs were first seen.")
        elif data.signs_seen_on > data.broke_on:
            errors["signs_seen_on"] = _("Signs seen beforehand come before the breakdown.")
    if data.next_step not in NextStep.values:
        errors["next_step"] = _("Choose what comes next for the child.")
    return errors


@transaction.atomic
def breakdown_register(
    *,
    actor: User,
    record: PlacementRecord,
    data: BreakdownInput,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> Breakdown:
    """Register a breakdown, give the place back and start what comes next.

    The child stays placed: the case stays placed and a change-of-placement case is started;
    it hands over at its move. The child has gone home: the case ends (``end_placement``), and
    a re-placement case is started when the child must be placed again.
    """
    locked = _lock_open(record)
    errors = breakdown_errors(locked, data, _today(today))
    if errors:
        raise ValidationError(errors)
    ending = PlacementEnding.objects.create(
        organisation=locked.organisation, record=locked, kind=EndingKind.BREAKDOWN,
        ended_on=data.broke_on, note=data.note.strip(), created_by=actor,
    )  # fmt: skip
    breakdown = Breakdown.objects.create(
        ending=ending, initiator=data.initiator, causes=sorted(set(data.causes)),
        cause_text=data.cause_text.strip(), signs_seen=bool(data.signs_seen),
        signs_seen_on=data.signs_seen_on if data.signs_seen else None, next_step=data.next_step,
        open_gaps=[asdict(g) for g in open_gaps(locked)], support=_support_snapshot(locked),
    )  # fmt: skip
    _give_back(locked, data.broke_on, actor, request)
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=breakdown,
        child=locked.case.child,
        detail={"initiator": data.initiator, "causes": breakdown.causes,
                "next_step": data.next_step},
    )  # fmt: skip
    if data.next_step != NextStep.CHANGE:
        course.transition(
            locked.case, "end_placement", actor=actor, request=request,
            reason=_("Breakdown on %(day)s; the child has gone home") % {"day": _d(data.broke_on)},
        )  # fmt: skip
    if data.next_step in CASE_TYPE_OF:
        next_case_start(
            actor=actor, record=locked, step=data.next_step, breakdown=breakdown,
            reason=_("Breakdown on %(day)s") % {"day": _d(data.broke_on)}, request=request,
            aware_date=data.broke_on,
        )  # fmt: skip
    return breakdown


# The case that comes next ------------------------------------------------------------------


def _copy_assessment(actor: User, old: Case, new: Case, request: HttpRequest | None) -> None:
    assessment = latest_assessment(old)
    if assessment is None:
        return
    assessment_create(
        actor=actor, case=new,
        needs=[
            NeedInput(Dimension(n.dimension), SupportLevel(n.level), n.note)
            for n in assessment.needs.all()
        ],
        resources=assessment.resources,
        need_tags=[NeedTag(t) for t in assessment.need_tags if t in {n.value for n in NeedTag}],
        observations=[
            ObservationInput(o.source, o.observed_on, o.text, o.dimension)
            for o in assessment.observations.all()
        ],
        family_background=assessment.family_background,
        housing_employment_finances=assessment.housing_employment_finances,
        social_network=assessment.social_network,
        note=_("Copied from the earlier case (version %(n)s). Check it against today.")
        % {"n": assessment.version},
        request=request,
    )  # fmt: skip


def _copy_wishes(actor: User, old: Case, new: Case, request: HttpRequest | None) -> None:
    for wish in old.wishes.all():
        wish_add(
            actor=actor, case=new, kind=WishKind(wish.kind), text=wish.text,
            importance=WishImportance(wish.importance), postcode=wish.postcode,
            setting=wish.setting, animals=wish.animals, request=request,
        )  # fmt: skip


@transaction.atomic
def next_case_start(
    *,
    actor: User,
    record: PlacementRecord,
    step: str,
    reason: str,
    breakdown: Breakdown | None = None,
    aware_date: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Start the case that comes next for the same child, prefilled from the old one.

    A change of placement (§ 98) while the child stays placed, or a re-placement after the
    child went home. People and siblings belong to the child; the needs are copied as the
    new case's first assessment and the wishes as its wishes (to be read back again).
    """
    if step not in CASE_TYPE_OF:
        raise ValidationError({"step": _("Choose a change of placement or a re-placement.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Write why a new case is started.")})
    old = Case.objects.select_related("child").get(pk=record.case_id)
    if step == NextStep.CHANGE and old.status != CaseStatus.PLACED:
        raise ValidationError(
            {"step": _("The child is no longer placed. Start a re-placement instead.")}
        )
    if step == NextStep.RE_PLACEMENT and old.status == CaseStatus.PLACED:
        raise ValidationError(
            {"step": _("The child is still placed. Start a change of placement instead.")}
        )
    new = case_open(
        actor=actor, child=old.child, case_type=CASE_TYPE_OF[step],  # type: ignore[index]
        aware_date=aware_date or timezone.localdate(), legal_basis=old.legal_basis,
        team=old.team, caseworkers=[u for u in old.caseworkers.all() if u.pk != actor.pk],
        allowed_open=[old] if old.status == CaseStatus.PLACED else [], request=request,
    )  # fmt: skip
    _copy_assessment(actor, old, new, request)
    _copy_wishes(actor, old, new, request)
    link = NextCase.objects.create(
        record=record, case=new, breakdown=breakdown, reason=reason.strip(), created_by=actor
    )
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=link, child=old.child,
        detail={"from_case": old.pk, "case": new.pk, "case_type": new.case_type},
    )  # fmt: skip
    return new


@transaction.atomic
def hand_over(*, started: StartedPlacement, actor: User | None = None,
              request: HttpRequest | None = None) -> PlacementEnding | None:  # fmt: skip
    """At the move of a change-of-placement case, end the placement it follows.

    Its record ends the day before the move (a breakdown ended it already), the place is
    given back and the earlier case ends through the course's ``hand_over``: the placement
    goes on in the new case. Running it twice changes nothing.
    """
    link = NextCase.objects.filter(case_id=started.case_id).select_related("record").first()
    if link is None:
        return None
    old = PlacementRecord.objects.select_related("case__child", "started__placement").get(
        pk=link.record_id
    )
    ending = PlacementEnding.objects.filter(record=old).first()
    if ending is None:
        last_day = max(old.started_on, started.started_on - datetime.timedelta(days=1))
        ending = PlacementEnding.objects.create(
            organisation=old.organisation, record=old, kind=EndingKind.CHANGE, ended_on=last_day,
            note=link.reason,
        )  # fmt: skip
        _give_back(old, last_day, actor, request)
        log_write(
            request=request, actor=actor, action=Action.CREATE, obj=ending, child=old.case.child,
            detail={"kind": ending.kind, "new_case": started.case_id},
        )  # fmt: skip
    if old.case.status == CaseStatus.PLACED:
        course.transition(
            old.case, "hand_over", actor=actor, request=request,
            reason=_("Moved to %(place)s on %(day)s; the placement goes on in the new case")
            % {"place": started.place, "day": _d(started.started_on)},
        )  # fmt: skip
    return ending
