# SPDX-License-Identifier: MPL-2.0
"""followup: the task list: every due date of a user's open cases, overdue first.

Tasks are computed, never stored: they come from the case deadlines (``children.deadlines``:
the § 20 investigation and the child's plan, and every registered app's deadlines, such as the
follow-ups and supervision visits after the move) plus the decision chain's § 143 deadline,
registered here. On the task list come also the answers still missing: the questionnaires
before the next follow-up (from three weeks before it) and the open survey point, naming who
has not answered. A task disappears when its work is done, because its deadline does. A
caseworker's list holds the cases assigned to them; a team leader's holds every open case of
the municipality, with its caseworkers.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from placematch.accounts.models import Role, User
from placematch.children.deadlines import Deadline, deadline, deadlines_of, register_deadlines
from placematch.children.models import Case, CaseStatus
from placematch.children.selectors import parents_of, visible_cases
from placematch.decisions.models import Decision, DecisionStatus
from placematch.followup import rules_voice, services_voice
from placematch.followup.models import PlacementRecord
from placematch.followup.models_voice import Respondent

PROVISIONAL = "provisional_s143"
CHECK_ANSWERS = "followup_answers"
SURVEY_ANSWERS = "survey_answers"
SURVEY = "survey"  # the survey's next due date (selectors_voice.survey_deadlines)
# The questionnaires go out three weeks before the follow-up; from then a missing answer is a task.
QUESTIONNAIRE_DAYS = 21


def provisional_deadlines(cases: Sequence[Case], today: datetime.date) -> dict[int, list[Deadline]]:
    """§ 143: a provisional decision in force lapses unless the committee approves it in time."""
    found: dict[int, list[Deadline]] = {}
    waiting = Decision.objects.filter(
        case__in=[c.pk for c in cases], status=DecisionStatus.DECIDED,
        committee_decided_on__isnull=True,
    )  # fmt: skip
    for decision in waiting:
        last = decision.lapses_after
        if last is not None:
            found.setdefault(decision.case_id, []).append(
                deadline(PROVISIONAL, _("Committee approval (§ 143)"), last, today)
            )
    return found


register_deadlines(provisional_deadlines)


def _respondents(record: PlacementRecord) -> list[tuple[str, str]]:
    """Whom the questionnaires and surveys ask, by answer key, with the name the task shows."""
    child = record.case.child
    found = [(services_voice.respondent_key(Respondent.CHILD), child.first_name)]
    found += [
        (services_voice.respondent_key(Respondent.PARENT, person), person.name)
        for person in parents_of(child).order_by("pk")
    ]
    found.append(
        (
            services_voice.respondent_key(Respondent.PLACEMENT),
            pgettext("respondent", "The placement"),
        )
    )
    return found


def _missing(names: list[str]) -> str:
    return _("Not answered yet: %(who)s") % {"who": ", ".join(names)}


def answer_deadlines(cases: Sequence[Case], today: datetime.date) -> dict[int, list[Deadline]]:
    """Per placed case: the questionnaires before the next follow-up and the open survey
    point, while someone has not answered them (read per placement, for the task list)."""
    found: dict[int, list[Deadline]] = {}
    placed = [case.pk for case in cases if case.status == CaseStatus.PLACED]
    records = PlacementRecord.objects.filter(case_id__in=placed, ending__isnull=True)
    for record in records.select_related("case__child").order_by("case_id", "-started_on"):
        if record.case_id in found:
            continue
        due: list[Deadline] = []
        who = _respondents(record)
        followup = services_voice.next_followup(record)
        if followup is not None and (followup.due_on - today).days <= QUESTIONNAIRE_DAYS:
            names = [name for key, name in who if services_voice.check_to_answer(record, key)]
            if names:
                label = _("Answers before the follow-up on %(day)s") % {
                    "day": date_format(followup.due_on, "SHORT_DATE_FORMAT")
                }
                due.append(
                    deadline(CHECK_ANSWERS, label, followup.due_on, today, note=_missing(names))
                )
        point = rules_voice.open_point(record.started_on, today)
        if point is not None:
            names = [
                name for key, name in who if services_voice.survey_to_answer(record, key, today)
            ]
            if names:
                label = ngettext(
                    "Answers to the survey %(n)s month after the start",
                    "Answers to the survey %(n)s months after the start",
                    point.month,
                ) % {"n": point.month}
                last_day = point.closes - datetime.timedelta(days=1)
                due.append(deadline(SURVEY_ANSWERS, label, last_day, today, note=_missing(names)))
        found[record.case_id] = due
    return found


def _merged(
    registered: list[Deadline], answers: list[Deadline], today: datetime.date
) -> list[Deadline]:
    """The answers' tasks beside the registered deadlines; an open survey point's missing
    answers take the place of its due date (``selectors_voice.survey_due``)."""
    if any(d.code == SURVEY_ANSWERS for d in answers):
        registered = [d for d in registered if not (d.code == SURVEY and d.due <= today)]
    return [*registered, *answers]


@dataclass(frozen=True)
class Task:
    """One due date of one case, with where to do the work."""

    case: Case
    deadline: Deadline
    url: str

    @property
    def overdue(self) -> bool:
        return self.deadline.state == "overdue"


def _url(case: Case, code: str) -> str:
    anchors = {
        "followup": "followups-h",
        "visit": "visits-h",
        CHECK_ANSWERS: "voices-h",
        SURVEY_ANSWERS: "surveys-h",
        SURVEY: "surveys-h",
    }
    if code in anchors:
        return reverse("followup:case_followup", args=[case.pk]) + f"#{anchors[code]}"
    if code == "child_plan":
        return reverse("followup:plan_edit", args=[case.pk])
    if code == PROVISIONAL:
        return reverse("decisions:case_decisions", args=[case.pk])
    return reverse("children:case_detail", args=[case.pk])


def cases_of(user: User) -> list[Case]:
    """The open cases whose tasks are the user's: assigned ones, or all for a team leader."""
    cases = visible_cases(user).exclude(status=CaseStatus.ENDED)
    if user.role != Role.TEAM_LEADER:
        cases = cases.filter(caseworkers=user)
    return list(cases.select_related("child").prefetch_related("caseworkers").distinct())


def tasks_for(user: User, today: datetime.date) -> list[Task]:
    """The user's tasks, overdue first, then by due date."""
    cases = cases_of(user)
    found = deadlines_of(cases, today)
    answers = answer_deadlines(cases, today)
    tasks = [
        Task(case=case, deadline=due, url=_url(case, due.code))
        for case in cases
        for due in _merged(found.get(case.pk, []), answers.get(case.pk, []), today)
    ]
    tasks.sort(key=lambda t: (not t.overdue, t.deadline.due, t.case.pk, t.deadline.code))
    return tasks


@dataclass(frozen=True)
class Counts:
    overdue: int
    due_soon: int
    total: int


def counts(tasks: Sequence[Task]) -> Counts:
    return Counts(
        overdue=sum(1 for t in tasks if t.deadline.state == "overdue"),
        due_soon=sum(1 for t in tasks if t.deadline.state == "due_soon"),
        total=len(tasks),
    )
