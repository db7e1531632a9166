# SPDX-License-Identifier: MPL-2.0
"""followup: reading what the child, the parents and the placement answered, for the caseworker.

The callers have checked access to the case and logged the read.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import ngettext

from placematch.children.deadlines import Deadline, deadline
from placematch.children.models import Case, CaseStatus
from placematch.followup import questions, rules_voice
from placematch.followup.models import FollowUp, PlacementRecord
from placematch.followup.models_voice import (
    Occasion,
    Respondent,
    VisitWish,
    VoiceAnswer,
    VoiceRating,
)


@dataclass(frozen=True)
class Said:
    """One respondent's answer to one question."""

    who: str
    rating: str
    rating_label: str
    text: str


@dataclass(frozen=True)
class CheckAnswers:
    """The answers before one follow-up: per question code, and the closing words."""

    who: list[str]
    by_question: dict[str, list[Said]]
    overall: list[Said]
    comments: list[tuple[str, str]]
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, list[Said]]]:
        return [(self.labels.get(code, code), said) for code, said in self.by_question.items()]


def who_label(answer: VoiceAnswer) -> str:
    if answer.respondent == Respondent.CHILD:
        return answer.record.case.child.first_name
    if answer.respondent == Respondent.PARENT and answer.person is not None:
        return f"{answer.person.name} ({answer.person.relation})"
    return str(Respondent(answer.respondent).label)


def _answers(**filters: object) -> list[VoiceAnswer]:
    return list(
        VoiceAnswer.objects.filter(**filters)
        .select_related("person", "record__case__child")
        .prefetch_related("items")
        .order_by("respondent", "person_id", "pk")
    )


def check_answers(followup: FollowUp) -> CheckAnswers:
    answers = _answers(followup=followup, occasion=Occasion.CHECK)
    by_question: dict[str, list[Said]] = {}
    labels: dict[str, str] = {}
    comments = []
    for answer in answers:
        who = who_label(answer)
        for item in answer.items.all():
            labels[item.question] = questions.label_for(item.question, answer.respondent)
            by_question.setdefault(item.question, []).append(
                Said(who, item.rating, str(VoiceRating(item.rating).label), item.text)
            )
        if answer.comment:
            comments.append((who, answer.comment))
    overall = by_question.pop(questions.OVERALL, [])
    return CheckAnswers(
        who=[who_label(a) for a in answers], by_question=by_question, overall=overall,
        comments=comments, labels=labels,
    )  # fmt: skip


@dataclass(frozen=True)
class SurveyTable:
    """One respondent's survey answers: a row per question, a column per survey point."""

    who: str
    months: tuple[int, ...]
    rows: list[tuple[str, list[str]]]
    comments: list[tuple[int, str]]


def survey_tables(record: PlacementRecord) -> list[SurveyTable]:
    answers = _answers(record=record, occasion=Occasion.SURVEY)
    grouped: dict[str, list[VoiceAnswer]] = {}
    for answer in answers:
        grouped.setdefault(answer.respondent_key, []).append(answer)
    tables = []
    months = rules_voice.SURVEY_MONTHS
    name = record.case.child.first_name
    for group in grouped.values():
        respondent = group[0].respondent
        by_month = {a.survey_month: {i.question: i.rating for i in a.items.all()} for a in group}
        rows = [
            (
                q.label,
                [
                    str(VoiceRating(by_month[m][q.code]).label)
                    if q.code in by_month.get(m, {})
                    else "–"
                    for m in months
                ],
            )
            for q in questions.survey_questions(respondent, name)
        ]
        comments = [(a.survey_month or 0, a.comment) for a in group if a.comment]
        tables.append(SurveyTable(who_label(group[0]), months, rows, comments))
    return tables


def next_survey(
    started_on: datetime.date, answered: set[int], today: datetime.date
) -> rules_voice.SurveyPoint | None:
    """The next survey point not closed and not answered by anyone yet."""
    return next(
        (
            p
            for p in rules_voice.survey_points(started_on)
            if p.closes > today and p.month not in answered
        ),
        None,
    )


def survey_due(record: PlacementRecord, today: datetime.date) -> rules_voice.SurveyPoint | None:
    answered = set(
        record.voices.filter(occasion=Occasion.SURVEY).values_list("survey_month", flat=True)
    )
    return next_survey(record.started_on, {m for m in answered if m}, today)


def survey_deadlines(cases: Sequence[Case], today: datetime.date) -> dict[int, list[Deadline]]:
    """The next survey's due date of each placed case (children's deadline registry); two
    queries for any number of cases."""
    placed = [case.pk for case in cases if case.status == CaseStatus.PLACED]
    found: dict[int, list[Deadline]] = {}
    if not placed:
        return found
    records = list(
        PlacementRecord.objects.filter(case_id__in=placed).order_by("case_id", "-started_on")
    )
    answered: dict[int, set[int]] = {}
    for record_id, month in VoiceAnswer.objects.filter(
        record__in=records, occasion=Occasion.SURVEY
    ).values_list("record_id", "survey_month"):
        if month is not None:
            answered.setdefault(record_id, set()).add(month)
    for record in records:
        if record.case_id in found:
            continue
        point = next_survey(record.started_on, answered.get(record.pk, set()), today)
        found[record.case_id] = []
        if point is not None:
            label = ngettext(
                "Survey %(n)s month after the start",
                "Survey %(n)s months after the start",
                point.month,
            ) % {"n": point.month}
            found[record.case_id].append(deadline("survey", label, point.due, today))
    return found


def visit_wishes(record: PlacementRecord) -> list[VisitWish]:
    """The child's answers before visits, the newest first, with their visit when recorded."""
    return list(record.visit_wishes.select_related("visit").order_by("-answered_at"))
