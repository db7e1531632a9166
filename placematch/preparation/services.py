# SPDX-License-Identifier: MPL-2.0
"""preparation: every write on the plan (keyword-only, typed, one transaction, audit row)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children.models import Case, CaseStatus, PersonKind, RelatedPerson, Sibling
from placematch.children.services import case_update, log_write
from placematch.core.concurrency import lock_current
from placematch.decisions.models import Decision
from placematch.decisions.selectors import current_decision
from placematch.decisions.services import reservation_release_for
from placematch.decisions.services_hold import HOLD_STATUSES, hold_of, hold_release
from placematch.preparation.models import (
    ChecklistItem,
    ContactArrangement,
    ContactForm,
    ContactWith,
    Party,
    PlanStatus,
    PreparationMeeting,
    PreparationPlan,
    Step,
)
from placematch.providers.models import Reservation

# What every preparation needs, per party, and how many days from the start it is due.
DEFAULT_CHECKLIST: tuple[tuple[str, Any, int], ...] = (
    (Party.CHILD, gettext_lazy("Tell the child about the new place and show pictures"), 7),
    (Party.CHILD, gettext_lazy("Agree with the child what to bring and pack it together"), 21),
    (Party.PARENTS, gettext_lazy("Go through the contact plan with the parents"), 14),
    (Party.PARENTS, gettext_lazy("Agree how the parents help the child say goodbye"), 21),
    (
        Party.PLACEMENT,
        gettext_lazy("Give the placement what it needs to know (health, school, routines, safety)"),
        7,
    ),
    (Party.PLACEMENT, gettext_lazy("Agree on the first weeks after the move"), 21),
    (Party.SCHOOL, gettext_lazy("Agree on schooling and the first school day"), 14),
    (
        Party.LOCATION_MUNICIPALITY,
        gettext_lazy("Inform the municipality where the place lies (§ 52, stk. 5)"),
        7,
    ),
)


# A step's meeting is held only after the step before it.
STEP_BEFORE: dict[str, tuple[str, Any]] = {
    Step.MATCH_INTERVIEW: (
        Step.FIRST_MEETING,
        gettext_lazy("Hold the first meeting before the match interview."),
    ),
    Step.MATCH_VISIT: (
        Step.MATCH_INTERVIEW,
        gettext_lazy("Hold the match interview before the match visit."),
    ),
}


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def decided_on(decision: Decision) -> datetime.date:
    return timezone.localdate(decision.decided_at)


def _log(
    request: HttpRequest | None,
    actor: User | None,
    action: Action,
    obj: Any,
    plan: PreparationPlan,
    **detail: Any,
) -> None:
    log_write(
        request=request, actor=actor, action=action, obj=obj, child=plan.case.child,
        detail=detail or None,
    )  # fmt: skip


def _check_open(plan: PreparationPlan) -> None:
    if plan.status == PlanStatus.PLACED:
        raise ValidationError(_("The child has moved. The preparation is closed."))
    if plan.status == PlanStatus.STOPPED:
        raise ValidationError(_("The preparation was stopped: there was no mutual yes."))
    if plan.decision_id is None and not hold_in_force(plan):
        raise ValidationError(
            _(
                "The hold on the place has ended. Hold the place again from the match meeting, "
                "or decide it, to go on with the preparation."
            )
        )


def hold_to_prepare(case: Case) -> Reservation | None:
    """The case's hold when a preparation may start on it (none has started yet)."""
    hold = hold_of(case) if case.status in HOLD_STATUSES else None
    if hold is None or PreparationPlan.objects.filter(reservation=hold).exists():
        return None
    return hold


def hold_in_force(plan: PreparationPlan) -> bool:
    """A plan before the decision goes on only while its hold keeps the place."""
    hold = hold_of(plan.case)
    return hold is not None and hold.pk == plan.reservation_id


def started_on(plan: PreparationPlan) -> datetime.date:
    """The day the preparation's place was decided, or held when it started on a hold."""
    if plan.decision is not None:
        return decided_on(plan.decision)
    if plan.reservation is not None:
        return timezone.localdate(plan.reservation.created_at)
    return timezone.localdate(plan.created_at)


def _before_start(plan: PreparationPlan, what: str) -> str:
    """The message for a date before the plan's start, naming the decision or the hold."""
    day = _day(started_on(plan))
    if plan.decision is not None:
        messages = {
            "meeting": _("The meeting date is before the decision of %(date)s. Check the date."),
            "due": _("The due date is before the decision of %(date)s. Choose a later date."),
            "move": _("The move date is before the decision of %(date)s. Choose a later date."),
        }
    else:
        messages = {
            "meeting": _(
                "The meeting date is before the place was held on %(date)s. Check the date."
            ),
            "due": _("The due date is before the place was held on %(date)s. Choose a later date."),
            "move": "",
        }
    return messages[what] % {"date": day}


def _new_plan(
    *, actor: User, case: Case, decision: Decision | None, reservation: Any, place: Any
) -> PreparationPlan:
    plan = PreparationPlan.objects.create(
        organisation=case.organisation, case=case, decision=decision, place=place,
        reservation=reservation, created_by=actor,
    )  # fmt: skip
    today = timezone.localdate()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            plan=plan, party=party, text=str(text), due_on=today + datetime.timedelta(days=days)
        )
        for party, text, days in DEFAULT_CHECKLIST
    )
    return plan


@transaction.atomic
def plan_start(*, actor: User, case: Case, request: HttpRequest | None = None) -> PreparationPlan:
    """Start preparing the decided place, or the place the match meeting holds for the child.

    On a hold the steps up to the mutual yes can be taken before the formal decision; the
    decision on the held place then carries the plan on (``decision_made``).
    """
    case = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    decision = current_decision(case)
    if case.status == CaseStatus.DECIDED and decision is not None:
        if PreparationPlan.objects.filter(decision=decision).exists():
            raise ValidationError(_("The preparation of this decision has already started."))
        plan = _new_plan(
            actor=actor, case=case, decision=decision, reservation=decision.reservation,
            place=decision.place,
        )  # fmt: skip
        _log(request, actor, Action.CREATE, plan, plan, decision=decision.pk)
        return plan
    hold = hold_of(case) if case.status in HOLD_STATUSES else None
    if hold is None:
        raise ValidationError(
            _(
                "Decide the place first, or hold it from the match meeting. The preparation "
                "starts from a decision or a hold."
            )
        )
    if PreparationPlan.objects.filter(reservation=hold).exists():
        raise ValidationError(_("The preparation of the held place has already started."))
    plan = _new_plan(actor=actor, case=case, decision=None, reservation=hold, place=hold.place)
    _log(request, actor, Action.CREATE, plan, plan, hold=hold.pk)
    return plan


def _check_parents(plan: PreparationPlan, parents: Iterable[RelatedPerson]) -> list[RelatedPerson]:
    people = list(parents)
    for person in people:
        if person.child_id != plan.case.child_id or not person.is_parent:
            raise ValidationError(
                {"parents": [_("Choose only the child's own parents or custody holders.")]}
            )
    return people


@transaction.atomic
def meeting_add(
    *,
    actor: User,
    plan: PreparationPlan,
    step: str,
    meeting_on: datetime.date,
    child_present: bool = True,
    placement_present: bool = True,
    parents: Iterable[RelatedPerson] = (),
    notes: str = "",
    request: HttpRequest | None = None,
) -> PreparationMeeting:
    """Plan a meeting of one step; it is marked as held when it has taken place."""
    _check_open(plan)
    if step not in Step.values:
        raise ValidationError({"step": [_("Choose which step the meeting belongs to.")]})
    if meeting_on < started_on(plan):
        raise ValidationError({"meeting_on": [_before_start(plan, "meeting")]})
    if not (child_present or placement_present):
        raise ValidationError(
            {"child_present": [_("A preparation meeting has the child or the placement in it.")]}
        )
    people = _check_parents(plan, parents)
    meeting = PreparationMeeting.objects.create(
        plan=plan, step=step, meeting_on=meeting_on, child_present=child_present,
        placement_present=placement_present, notes=notes.strip(),
    )  # fmt: skip
    meeting.parents.set(people)
    _log(request, actor, Action.CREATE, meeting, plan, step=step)
    return meeting


def step_held(plan: PreparationPlan, step: str) -> bool:
    return plan.meetings.filter(step=step, held=True).exists()


@transaction.atomic
def meeting_mark_held(
    *, actor: User, meeting: PreparationMeeting, request: HttpRequest | None = None
) -> PreparationMeeting:
    """The meeting took place: now the child and parents can give feedback on it."""
    meeting = PreparationMeeting.objects.select_for_update().get(pk=meeting.pk)
    plan = meeting.plan
    _check_open(plan)
    if meeting.held:
        raise ValidationError(_("The meeting is already marked as held."))
    if meeting.meeting_on > timezone.localdate():
        raise ValidationError(
            _("The meeting is on %(date)s. Mark it as held on that day or later.")
            % {"date": _day(meeting.meeting_on)}
        )
    before = STEP_BEFORE.get(meeting.step)
    if before is not None and not step_held(plan, before[0]):
        raise ValidationError(str(before[1]))
    meeting.held = True
    meeting.save(update_fields=["held"])
    _log(request, actor, Action.UPDATE, meeting, plan, held=True)
    return meeting


@transaction.atomic
def checklist_item_add(
    *,
    actor: User,
    plan: PreparationPlan,
    party: str,
    text: str,
    due_on: datetime.date,
    request: HttpRequest | None = None,
) -> ChecklistItem:
    _check_open(plan)
    errors: dict[str, list[str]] = {}
    if party not in Party.values:
        errors["party"] = [_("Choose who the item is for.")]
    if not text.strip():
        errors["text"] = [_("Write what is to be done.")]
    if due_on < started_on(plan):
        errors["due_on"] = [_before_start(plan, "due")]
    if errors:
        raise ValidationError(errors)
    item = ChecklistItem.objects.create(plan=plan, party=party, text=text.strip(), due_on=due_on)
    _log(request, actor, Action.CREATE, item, plan, party=party)
    return item


@transaction.atomic
def checklist_item_done(
    *, actor: User, item: ChecklistItem, request: HttpRequest | None = None
) -> ChecklistItem:
    """Mark an item done today; an item is done once, so a second mark says when it was."""
    item = ChecklistItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if item.done_on is not None:
        raise ValidationError(
            _("“%(text)s” was already marked done on %(date)s.")
            % {"text": item.text, "date": _day(item.done_on)}
        )
    _check_open(item.plan)
    item.done_on = timezone.localdate()
    item.done_by = actor
    item.save(update_fields=["done_on", "done_by"])
    _log(request, actor, Action.UPDATE, item, item.plan, done=True)
    return item


@transaction.atomic
def placement_item_done(
    *, actor: User, item: ChecklistItem, request: HttpRequest | None = None
) -> ChecklistItem:
    """Mark one of the placement's items done, from outside the case (the consultant's page)."""
    if item.party != Party.PLACEMENT:
        raise ValidationError(
            _("Only the placement's items can be marked done here. “%(text)s” is for %(party)s.")
            % {"text": item.text, "party": str(item.get_party_display()).lower()}
        )
    return checklist_item_done(actor=actor, item=item, request=request)


@transaction.atomic
def contact_add(
    *,
    actor: User,
    plan: PreparationPlan,
    with_kind: str,
    form: str,
    frequency: str,
    person: RelatedPerson | None = None,
    sibling: Sibling | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> ContactArrangement:
    """Add one line to the contact plan; a sibling line is for a sibling placed elsewhere."""
    _check_open(plan)
    child_id = plan.case.child_id
    errors: dict[str, list[str]] = {}
    if with_kind == ContactWith.SIBLING:
        if sibling is None or sibling.child_id != child_id:
            errors["sibling"] = [_("Choose the sibling the contact is with.")]
        elif sibling.placed_together:
            errors["sibling"] = [
                _("The sibling is to be placed together with the child. No contact plan needed.")
            ]
        person = None
    elif with_kind in (ContactWith.PARENT, ContactWith.NETWORK):
        wanted = (
            {PersonKind.CUSTODY_HOLDER, PersonKind.PARENT}
            if with_kind == ContactWith.PARENT
            else {PersonKind.NETWORK}
        )
        if person is None or person.child_id != child_id or person.kind not in wanted:
            errors["person"] = [
                _("Choose the parent the contact is with.")
                if with_kind == ContactWith.PARENT
                else _("Choose the network person the contact is with.")
            ]
        sibling = None
    else:
        errors["with_kind"] = [_("Choose who the contact is with.")]
    if form not in ContactForm.values:
        errors["form"] = [_("Choose the form of contact.")]
    if not frequency.strip():
        errors["frequency"] = [_("Write how often, for example every other weekend.")]
    if errors:
        raise ValidationError(errors)
    line = ContactArrangement.objects.create(
        plan=plan, with_kind=with_kind, person=person, sibling=sibling, form=form,
        frequency=frequency.strip(), note=note.strip(),
    )  # fmt: skip
    _log(request, actor, Action.CREATE, line, plan, with_kind=with_kind)
    return line


@transaction.atomic
def move_date_set(
    *,
    actor: User,
    plan: PreparationPlan,
    move_date: datetime.date,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> PreparationPlan:
    """Set the day the child moves; the daily move places the child on that day.

    A stale ``expected_version`` (the plan was saved since the form was loaded) raises
    ``StaleEditError`` and nothing is written.
    """
    plan = lock_current(
        PreparationPlan.objects.all(),  # no join: FOR UPDATE refuses a nullable outer join
        pk=plan.pk,
        expected_version=expected_version,
    )
    _check_open(plan)
    message = ""
    if plan.decision is None:
        message = _(
            "The place is held, not decided. The move date is set after the decision, so the "
            "child never moves on a hold."
        )
    elif move_date < started_on(plan):
        message = _before_start(plan, "move")
    elif move_date < plan.decision.start_on:
        message = _(
            "The place is reserved from %(date)s. Choose a move date on that day or later."
        ) % {"date": _day(plan.decision.start_on)}
    elif move_date < timezone.localdate():
        message = _("The move date is in the past. Choose today or a later date.")
    if message:
        raise ValidationError({"move_date": [message]})
    plan.move_date = move_date
    plan.save(update_fields=["move_date", "updated_at"])
    case_update(
        actor=actor, case=plan.case, changes={"intended_placement_date": move_date},
        request=request,
    )  # fmt: skip
    _log(request, actor, Action.UPDATE, plan, plan, move_date=move_date.isoformat())
    return plan


@transaction.atomic
def mutual_yes_record(
    *,
    actor: User,
    plan: PreparationPlan,
    mutual_yes: bool,
    child_view: str,
    placement_yes: bool | None,
    parents_view: str = "",
    note: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> PreparationPlan:
    """The adults' mutual yes (or no) after the match visit, with the child's view beside it.

    A no gives the reserved place back; the decision itself is withdrawn on the decision page.
    A stale ``expected_version`` raises ``StaleEditError`` before anything is checked or written.
    """
    plan = lock_current(
        PreparationPlan.objects.all(),  # no join: FOR UPDATE refuses a nullable outer join
        pk=plan.pk,
        expected_version=expected_version,
    )
    if plan.mutual_yes is not None:
        raise ValidationError(_("The mutual yes is already recorded."))
    _check_open(plan)
    if not step_held(plan, Step.MATCH_VISIT):
        raise ValidationError(
            _("Hold the match visit first. The mutual yes comes after the match visit.")
        )
    errors: dict[str, list[str]] = {}
    if not child_view.strip():
        errors["child_view"] = [
            _("Write the child's view. The child is heard, but the adults carry the decision.")
        ]
    if mutual_yes and placement_yes is not True:
        errors["placement_yes"] = [
            _("A mutual yes needs the placement's yes. Record the placement's answer.")
        ]
    if not mutual_yes and not note.strip():
        errors["note"] = [_("Write why there is no mutual yes.")]
    if errors:
        raise ValidationError(errors)
    plan.mutual_yes = mutual_yes
    plan.mutual_yes_on = timezone.localdate()
    plan.child_view = child_view.strip()
    plan.parents_view = parents_view.strip()
    plan.placement_yes = placement_yes
    plan.mutual_yes_note = note.strip()
    plan.status = PlanStatus.AGREED if mutual_yes else PlanStatus.STOPPED
    plan.save()
    if not mutual_yes:
        if plan.decision is not None:
            reservation_release_for(
                actor=actor, decision=plan.decision, reason=note.strip(), request=request
            )
        else:
            hold_release(actor=actor, case=plan.case, reason=note.strip(), request=request)
    _log(request, actor, Action.UPDATE, plan, plan, mutual_yes=mutual_yes)
    return plan
