# SPDX-License-Identifier: MPL-2.0
"""followup: the questions the child, the parents and the placement answer after the move.

Before a follow-up: how it is going, then one question per goal of the child's plan, asked in
plain words about the goal's dimension (the caseworker's goal text is not shown: it may be hard
to read, and a parent's page must not carry anything that could name the place). The survey
asks the same few questions at every point, so answers can be compared over time. The child's
words read at LIX 25 or below, the adults' at 35 or below (tested in Danish).

No question names the place, its area or anyone from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matchengine.vocab import Dimension
from placematch.core.codes import label_of
from placematch.followup.models_voice import Respondent

OVERALL = "overall"
GOAL_PREFIX = "goal:"

CHILD_OVERALL = gettext_lazy("How is it going?")
ADULT_OVERALL = gettext_lazy("How do you think it is going for %(name)s?")
CHILD_GOAL: dict[str, Any] = {
    Dimension.HEALTH.value: gettext_lazy("How do you feel? Do you sleep and eat well?"),
    Dimension.DEVELOPMENT_BEHAVIOUR.value: gettext_lazy(
        "How are you inside? Are you mostly glad and calm?"
    ),
    Dimension.SCHOOLING.value: gettext_lazy("How is school?"),
    Dimension.LEISURE_FRIENDSHIPS.value: gettext_lazy("How is it with friends and free time?"),
    Dimension.SAFE_CARE.value: gettext_lazy("How safe do you feel where you live?"),
    Dimension.STIMULATION_GUIDANCE.value: gettext_lazy(
        "How do the adults help you learn new things?"
    ),
    Dimension.RELATIONSHIPS_SUPPORT.value: gettext_lazy(
        "How is it to see your family and friends?"
    ),
}
ADULT_GOAL: dict[str, Any] = {
    Dimension.HEALTH.value: gettext_lazy("How is %(name)s doing with health, sleep and food?"),
    Dimension.DEVELOPMENT_BEHAVIOUR.value: gettext_lazy(
        "How is %(name)s doing with feelings and behaviour?"
    ),
    Dimension.SCHOOLING.value: gettext_lazy("How is %(name)s doing at school or day care?"),
    Dimension.LEISURE_FRIENDSHIPS.value: gettext_lazy(
        "How is %(name)s doing with friends and free time?"
    ),
    Dimension.SAFE_CARE.value: gettext_lazy(
        "How is it going with safe and steady care for %(name)s?"
    ),
    Dimension.STIMULATION_GUIDANCE.value: gettext_lazy(
        "How is it going with help for %(name)s to learn and grow?"
    ),
    Dimension.RELATIONSHIPS_SUPPORT.value: gettext_lazy(
        "How is the contact between %(name)s and family and friends?"
    ),
}

# The survey: code, short label for the caseworker's table, the question.
SURVEY: dict[str, list[tuple[str, Any, Any]]] = {
    Respondent.CHILD: [
        ("home", gettext_lazy("Living there"),
         gettext_lazy("How is it to live where you live now?")),
        ("adults", gettext_lazy("The adults"),
         gettext_lazy("How is it with the adults where you live?")),
        ("school", gettext_lazy("School"), gettext_lazy("How is school?")),
        ("friends", gettext_lazy("Friends and free time"),
         gettext_lazy("How is it with friends and free time?")),
        ("family", gettext_lazy("Family and friends"),
         gettext_lazy("How is it to see your family and friends?")),
        ("heard", gettext_lazy("Being heard"),
         gettext_lazy("How is it to talk to your caseworker?")),
    ],
    Respondent.PARENT: [
        ("child", gettext_lazy("How the child is doing"),
         gettext_lazy("How do you think %(name)s is doing?")),
        ("contact", gettext_lazy("Contact with the child"),
         gettext_lazy("How is the contact between you and %(name)s?")),
        ("info", gettext_lazy("Information"),
         gettext_lazy("How is the information you get about %(name)s?")),
        ("heard", gettext_lazy("Being heard"),
         gettext_lazy("How well does the municipality listen to you?")),
    ],
    Respondent.PLACEMENT: [
        ("child", gettext_lazy("How the child is doing"),
         gettext_lazy("How is %(name)s doing with you?")),
        ("needs", gettext_lazy("Meeting the needs"),
         gettext_lazy("How is it going to meet the needs of %(name)s?")),
        ("support", gettext_lazy("Support promised"),
         gettext_lazy("How is the support you were promised?")),
        ("municipality", gettext_lazy("Cooperation with the municipality"),
         gettext_lazy("How is the cooperation with the municipality?")),
        ("parents", gettext_lazy("Contact with the parents"),
         gettext_lazy("How is the contact with the parents of %(name)s?")),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Question:
    code: str
    label: str  # short, for the caseworker's tables
    text: str  # as the respondent reads it


def check_questions(respondent: str, dimensions: Sequence[str], first_name: str) -> list[Question]:
    """How it is going, then one question per goal's dimension, in the plan's order."""
    child = respondent == Respondent.CHILD
    overall = CHILD_OVERALL if child else ADULT_OVERALL
    found = [Question(OVERALL, _("How it is going"), str(overall) % {"name": first_name})]
    for dimension in dimensions:
        text = (CHILD_GOAL if child else ADULT_GOAL)[dimension]
        found.append(
            Question(
                f"{GOAL_PREFIX}{dimension}",
                label_of(Dimension, dimension),
                str(text) % {"name": first_name},
            )
        )
    return found


def survey_questions(respondent: str, first_name: str) -> list[Question]:
    return [
        Question(code, str(label), str(text) % {"name": first_name})
        for code, label, text in SURVEY[respondent]
    ]


def label_for(code: str, respondent: str) -> str:
    """The caseworker's short label of a question code."""
    if code == OVERALL:
        return _("How it is going")
    if code.startswith(GOAL_PREFIX):
        return label_of(Dimension, code.removeprefix(GOAL_PREFIX))
    for found, label, _text in SURVEY.get(respondent, []):
        if found == code:
            return str(label)
    return code
