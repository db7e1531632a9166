# SPDX-License-Identifier: MPL-2.0
"""preparation: what the decisions app asks of the preparation (``decisions.prepared``).

A plan started on the match meeting's hold goes on under the decision made on that place: the
hold's ledger row became the decision's reservation, so the row links the two. What was
prepared up to the decision (meetings held, the child's and parents' feedback, the mutual yes)
is handed over as ``decisions.prepared.Prepared`` and frozen into the decision basis.
"""

from __future__ import annotations

from django.http import HttpRequest

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children.services import log_write
from placematch.decisions import prepared
from placematch.decisions.models import Decision
from placematch.preparation import services
from placematch.preparation.models import MeetingFeedback, PreparationPlan, Respondent


def _feedback(row: MeetingFeedback, child_name: str) -> prepared.FeedbackGiven:
    return prepared.FeedbackGiven(
        respondent=row.respondent,
        name=child_name if row.respondent == Respondent.CHILD else getattr(row.person, "name", ""),
        rating=row.rating,
        rating_label=str(row.get_rating_display()),
        comment=row.comment,
    )


class Preparation:
    def prepared(self, decision: Decision) -> prepared.Prepared | None:
        plan = (
            PreparationPlan.objects.filter(decision=decision)
            .select_related("case__child", "reservation")
            .first()
        )
        if plan is None:
            return None
        child_name = plan.case.child.first_name
        meetings = plan.meetings.filter(held=True).prefetch_related("feedback__person")
        return prepared.Prepared(
            started_on=services.started_on(plan),
            before_decision=plan.created_at < decision.decided_at,
            meetings=tuple(
                prepared.MeetingHeld(
                    step=m.step,
                    step_label=str(m.get_step_display()),
                    held_on=m.meeting_on,
                    child_present=m.child_present,
                    placement_present=m.placement_present,
                    feedback=tuple(_feedback(f, child_name) for f in m.feedback.all()),
                )
                for m in meetings
            ),
            mutual_yes=plan.mutual_yes,
            mutual_yes_on=plan.mutual_yes_on,
            child_view=plan.child_view,
            parents_view=plan.parents_view,
            placement_yes=plan.placement_yes,
        )

    def decided(
        self, decision: Decision, *, actor: User | None, request: HttpRequest | None
    ) -> None:
        """The plan on the hold that became this decision's reservation goes on under it."""
        if decision.reservation_id is None:
            return
        plan = (
            PreparationPlan.objects.select_for_update()
            .filter(
                case=decision.case_id, decision__isnull=True, reservation=decision.reservation_id
            )
            .first()
        )
        if plan is None:
            return
        plan.decision = decision
        plan.save(update_fields=["decision", "updated_at"])
        log_write(
            request=request, actor=actor, action=Action.UPDATE, obj=plan,
            child=decision.case.child, detail={"decision": decision.pk},
        )  # fmt: skip


prepared.register(Preparation())
