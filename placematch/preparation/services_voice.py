# SPDX-License-Identifier: MPL-2.0
"""preparation: the child's and parents' feedback after a meeting, written through a link."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.audit.models import Action
from placematch.children.models import Child, RelatedPerson, Source
from placematch.children.services import log_write
from placematch.preparation.models import MeetingFeedback, PreparationMeeting, Rating, Respondent
from placematch.preparation.selectors import OPEN


def meetings_to_answer(child: Child, person: RelatedPerson | None) -> QuerySet[PreparationMeeting]:
    """Held meetings of the child's open plans that this child or parent took part in and has
    not answered yet, oldest first."""
    meetings = PreparationMeeting.objects.filter(
        plan__case__child=child,
        plan__status__in=OPEN,
        held=True,
    )
    if person is None:
        meetings = meetings.filter(child_present=True).exclude(feedback__respondent="child")
    else:
        meetings = meetings.filter(parents=person).exclude(feedback__person=person)
    return meetings.order_by("meeting_on", "pk").distinct()


# The longest comment a feedback page takes; a longer one is refused with this limit, never cut.
COMMENT_MAX = 2000


@transaction.atomic
def feedback_save(
    *,
    meeting: PreparationMeeting,
    person: RelatedPerson | None,
    rating: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> MeetingFeedback:
    """Save one answer (the child's when ``person`` is None); a meeting is answered once."""
    child = meeting.plan.case.child
    if rating not in Rating.values:
        raise ValidationError({"rating": [_("Choose how the meeting was.")]})
    if len(comment.strip()) > COMMENT_MAX:
        # Refused with a message, never cut: the person shortens it and nothing is lost.
        raise ValidationError(
            {"text": [_("Your text is too long. Write at most %(limit)s characters.")
                      % {"limit": COMMENT_MAX}]}
        )  # fmt: skip
    if not meetings_to_answer(child, person).filter(pk=meeting.pk).exists():
        raise ValidationError(_("You have already answered about this meeting. Thank you."))
    try:
        with transaction.atomic():
            feedback = MeetingFeedback.objects.create(
                meeting=meeting,
                respondent=Respondent.PARENT if person else Respondent.CHILD,
                person=person,
                rating=rating,
                comment=comment.strip(),
                answered_at=timezone.now(),
            )
    except IntegrityError as error:  # two tabs sent the same answer at once
        raise ValidationError(_("You have already answered about this meeting. Thank you.")) from (
            error
        )
    log_write(
        request=request, actor=None, action=Action.CREATE, obj=feedback, child=child,
        detail={"via": Source.LINK, "respondent": feedback.respondent},
    )  # fmt: skip
    return feedback
