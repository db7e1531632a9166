# SPDX-License-Identifier: MPL-2.0
"""Checks shared by forms and services on the §52 checklist, and the law's age limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from placematch.decisions.models import ChecklistAnswer, ChecklistAnswerValue, ChecklistPoint

# §3: the child is a party from 10; §98: a change of placement needs its consent from 12.
PARTY_AGE = 10
CHANGE_CONSENT_AGE = 12


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def unmet_reason_message() -> str:
    return _("Write why this point is not met. Every point that is not met needs a reason.")


def foster_reasons_message() -> str:
    return _(
        "Write why a foster family would not be best for the child: the match run ranked a "
        "foster family that can take the child (§ 52, stk. 2)."
    )


def checklist_problems(answers: Sequence[ChecklistAnswer]) -> list[Problem]:
    """What stops a lasting decision: unanswered points and unmet points without a reason."""
    by_point = {a.point: a for a in answers}
    problems = []
    for point in ChecklistPoint:
        answer = by_point.get(point.value)
        if answer is None or not answer.answer:
            problems.append(
                Problem(
                    "unanswered",
                    _("The § 52 checklist has no answer on: %(point)s.") % {"point": point.label},
                )
            )
        elif answer.answer == ChecklistAnswerValue.NOT_MET and not answer.reason.strip():
            problems.append(
                Problem(
                    "unmet_without_reason",
                    _("The § 52 checklist point “%(point)s” is not met and has no reason.")
                    % {"point": point.label},
                )
            )
    return problems


def default_appeal_guidance() -> str:
    return _(
        "You can complain about the decision to Ankestyrelsen. Send the complaint to the "
        "municipality within 4 weeks after you got the decision. You can complain in writing or "
        "by talking to your caseworker. The municipality looks at the decision again. If the "
        "municipality keeps the decision, it sends your complaint on to Ankestyrelsen."
    )
