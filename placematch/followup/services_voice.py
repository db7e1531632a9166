# SPDX-License-Identifier: MPL-2.0
"""followup: writing what the child, the parents and the placement answer after the move.

A respondent answers each occasion once: the questionnaire before the next follow-up that is
not held yet, a survey point while it is open, the child's wish before the next visit. Every
question needs one of the three answers; words are optional and never cut (a text over the
limit is refused with the limit). A refusal writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children.models import CaseStatus, Child, RelatedPerson
from placematch.children.services import log_write
from placematch.followup import questions, rules_voice, selectors
from placematch.followup.models import FollowUp, PlacementRecord, SupervisionVisit
from placematch.followup.models_voice import (
    Occasion,
    Respondent,
    Via,
    VisitWish,
    VoiceAnswer,
    VoiceItem,
    VoiceRating,
)

# The longest text a question takes; a longer one is refused with this limit, never cut.
TEXT_MAX = 2000


@dataclass(frozen=True)
class ItemInput:
    """One question's answer as the page sent it."""

    question: str
    rating: str
    text: str = ""


def respondent_key(respondent: str, person: RelatedPerson | None = None) -> str:
    return f"parent-{person.pk}" if respondent == Respondent.PARENT and person else respondent


def current_record(child: Child) -> PlacementRecord | None:
    """The placement record of the child's placed case, newest first."""
    return (
        PlacementRecord.objects.filter(case__child=child, case__status=CaseStatus.PLACED)
        .select_related("case__child", "place")
        .order_by("-started_on", "-pk")
        .first()
    )


def next_followup(record: PlacementRecord) -> FollowUp | None:
    """The follow-up the questionnaire is for: the earliest one not held yet."""
    return record.followups.filter(held_on__isnull=True).order_by("due_on", "pk").first()


def check_to_answer(record: PlacementRecord, key: str) -> FollowUp | None:
    followup = next_followup(record)
    if followup is None or followup.voices.filter(respondent_key=key).exists():
        return None
    return followup


def survey_to_answer(
    record: PlacementRecord, key: str, today: datetime.date | None = None
) -> rules_voice.SurveyPoint | None:
    point = rules_voice.open_point(record.started_on, today or timezone.localdate())
    if point is None:
        return None
    answered = record.voices.filter(
        occasion=Occasion.SURVEY, survey_month=point.month, respondent_key=key
    ).exists()
    return None if answered else point


def check_dimensions(record: PlacementRecord) -> list[str]:
    return [goal.dimension for goal in selectors.current_goals(record.case)]


def expected_codes(record: PlacementRecord, occasion: str, respondent: str) -> list[str]:
    name = record.case.child.first_name
    if occasion == Occasion.CHECK:
        found = questions.check_questions(respondent, check_dimensions(record), name)
    else:
        found = questions.survey_questions(respondent, name)
    return [q.code for q in found]


def check_items(
    codes: Sequence[str], items: Sequence[ItemInput], comment: str = ""
) -> dict[str, list[str]]:
    """Each expected question answered once on the scale; no text over the limit."""
    errors: dict[str, list[str]] = {}
    given = {item.question: item for item in items}
    if set(given) - set(codes) or len(given) != len(items):
        errors["__all__"] = [_("The answers do not fit the questions. Open the link again.")]
    for code in codes:
        item = given.get(code)
        if item is None or item.rating not in VoiceRating.values:
            errors.setdefault(code, []).append(_("Choose one answer."))
        elif len(item.text.strip()) > TEXT_MAX:
            errors.setdefault(code, []).append(too_long())
    if len(comment.strip()) > TEXT_MAX:
        errors.setdefault("comment", []).append(too_long())
    return errors


def too_long() -> str:
    return _("Your text is too long. Write at most %(limit)s characters.") % {"limit": TEXT_MAX}


@transaction.atomic
def voice_save(
    *,
    record: PlacementRecord,
    occasion: str,
    respondent: str,
    items: Sequence[ItemInput],
    comment: str = "",
    person: RelatedPerson | None = None,
    via: str = Via.LINK,
    actor: User | None = None,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> VoiceAnswer:
    """Save one respondent's answer to the open questionnaire (``CHECK``) or survey point."""
    if respondent not in Respondent.values or (respondent == Respondent.PARENT) != bool(person):
        raise ValueError("a parent's answer names the parent, and only a parent's does")
    key = respondent_key(respondent, person)
    # Locking the record serialises two tabs answering at once.
    record = (
        PlacementRecord.objects.select_for_update().select_related("case__child").get(pk=record.pk)
    )
    followup = None
    month = None
    if occasion == Occasion.CHECK:
        followup = check_to_answer(record, key)
        if followup is None:
            raise ValidationError(_("You have already answered. Thank you."))
    elif occasion == Occasion.SURVEY:
        point = survey_to_answer(record, key, today)
        if point is None:
            raise ValidationError(_("There is nothing to answer now. Thank you."))
        month = point.month
    else:
        raise ValueError(f"unknown occasion {occasion!r}")
    errors = check_items(expected_codes(record, occasion, respondent), items, comment)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            answer = VoiceAnswer.objects.create(
                organisation=record.organisation, record=record, occasion=occasion,
                followup=followup, survey_month=month, respondent=respondent, person=person,
                respondent_key=key, via=via, answered_by=actor, comment=comment.strip(),
                answered_at=timezone.now(),
            )  # fmt: skip
    except IntegrityError as error:  # the same answer sent twice at once
        raise ValidationError(_("You have already answered. Thank you.")) from error
    VoiceItem.objects.bulk_create(
        VoiceItem(answer=answer, question=i.question, rating=i.rating, text=i.text.strip())
        for i in items
    )
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=answer, child=record.case.child,
        detail={"via": via, "respondent": respondent, "occasion": occasion,
                "followup": followup.pk if followup else None, "month": month},
    )  # fmt: skip
    return answer


# The child's wish before a supervision visit ------------------------------------------------


def wish_waiting(record: PlacementRecord) -> VisitWish | None:
    """The child's answer given since the last visit, not yet taken by a recorded visit."""
    return record.visit_wishes.filter(visit__isnull=True).order_by("-answered_at").first()


@transaction.atomic
def visit_wish_save(
    *,
    record: PlacementRecord,
    wants_to_talk: str,
    text: str = "",
    request: HttpRequest | None = None,
) -> VisitWish:
    """The child's answer before the next visit; one until that visit is recorded."""
    record = (
        PlacementRecord.objects.select_for_update().select_related("case__child").get(pk=record.pk)
    )
    if wish_waiting(record) is not None:
        raise ValidationError(_("You have already answered. Thank you."))
    errors: dict[str, list[str]] = {}
    if wants_to_talk not in ("yes", "no"):
        errors["wants_to_talk"] = [_("Choose yes or no.")]
    if len(text.strip()) > TEXT_MAX:
        errors["text"] = [too_long()]
    if errors:
        raise ValidationError(errors)
    wish = VisitWish.objects.create(
        organisation=record.organisation, record=record, wants_to_talk=wants_to_talk == "yes",
        text=text.strip(), answered_at=timezone.now(),
    )  # fmt: skip
    log_write(
        request=request, actor=None, action=Action.CREATE, obj=wish, child=record.case.child,
        detail={"via": Via.LINK, "wants_to_talk": wish.wants_to_talk},
    )  # fmt: skip
    return wish


def wishes_attach(visit: SupervisionVisit) -> int:
    """A recorded visit takes the child's answers given before it (the visit's service calls
    this in its transaction)."""
    return VisitWish.objects.filter(
        record=visit.record, visit__isnull=True, answered_at__date__lte=visit.visited_on
    ).update(visit=visit)
