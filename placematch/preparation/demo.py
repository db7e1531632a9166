# SPDX-License-Identifier: MPL-2.0
"""preparation: this app's part of the demo data: a started plan for each decided demo case.

The decisions demo decides one case per municipality; here its preparation starts, the first
meeting is held with the child and the parents, and the child gets a feedback link (its token
is thrown away, as in real use). When the decided place is a foster family with a responsible
municipality, that municipality's family-care consultant sees the move too.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from placematch.children.models import Case, CaseStatus
from placematch.children.selectors import parents_of
from placematch.core.demo import DemoContext
from placematch.decisions.selectors import current_decision
from placematch.involvement.services import link_issue
from placematch.preparation import services
from placematch.preparation.link_forms import CHILD_FEEDBACK
from placematch.preparation.models import Step

NOTES = (
    "Vi mødtes hjemme hos familien og så huset.",
    "Et roligt første møde. Barnet spurgte til skolen.",
    "Barnet var stille i starten, men legede med hunden til sidst.",
)


def _start(ctx: DemoContext, case: Case, caseworker: Any) -> None:
    plan = services.plan_start(actor=caseworker, case=case)
    meeting = services.meeting_add(
        actor=caseworker,
        plan=plan,
        step=Step.FIRST_MEETING,
        meeting_on=timezone.localdate(),
        parents=list(parents_of(case.child)),
        notes=ctx.rng.choice(NOTES),
    )
    services.meeting_mark_held(actor=caseworker, meeting=meeting)
    link_issue(
        actor=caseworker,
        form_key=CHILD_FEEDBACK,
        subject_id=str(case.child_id),
        recipient_label=case.child.first_name,
    )


def load(ctx: DemoContext) -> None:
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users.get((code, "caseworker"))
        if caseworker is None:
            continue
        cases = Case.objects.filter(
            organisation=municipality, status=CaseStatus.DECIDED, preparation_plans__isnull=True
        ).order_by("pk")
        for case in cases:
            # The children demo has "decided" cases of its own, without a decision to prepare.
            if current_decision(case) is not None:
                _start(ctx, case, caseworker)
