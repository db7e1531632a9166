# SPDX-License-Identifier: MPL-2.0
"""followup: the free texts written after the move are erased when the child's last case
ended longer ago than the follow-up texts' period.

What is erased: the child's plan's words (the goals, the measures, the child's own goals, the
support to the family, the note on a change), the reasons and notes of follow-ups and their
progression, who was present at a supervision visit and its notes, the child's words before a
visit, the notes of an ending, a breakdown's words about its causes, the reason for the case that
came next and the notes on promised support, with the change history that holds old copies.
The rows stay: the dates, the levels on the scale, the kinds of endings, who ended a breakdown
and its cause codes, which the evaluation counts. A child with a case still open, or ended
inside the period, is never selected: the next placement rests on what was learned.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from placematch.children.models import Case, CaseStatus
from placematch.core.retention import RetentionRule, history_delete, register
from placematch.followup.models import (
    ChildPlanVersion,
    FollowUp,
    GoalProgress,
    PlanGoal,
    SupervisionVisit,
)
from placematch.followup.models_ending import Breakdown, NextCase, PlacementEnding, SupportCheck
from placematch.followup.models_voice import VisitWish

ERASED = "Slettet"

# Each model with free texts: its path to the case, and its text fields. A required field is
# set to ERASED, the others are emptied.
TEXTS: tuple[tuple[type[models.Model], str, tuple[str, ...]], ...] = (
    (ChildPlanVersion, "plan__case", ("child_goals", "family_support", "note")),
    (PlanGoal, "version__plan__case", ("goal", "measures")),
    (FollowUp, "record__case", ("reason", "notes")),
    (GoalProgress, "followup__record__case", ("note",)),
    (SupervisionVisit, "record__case", ("present", "not_alone_reason", "notes")),
    (VisitWish, "record__case", ("text",)),
    (PlacementEnding, "record__case", ("note",)),
    (Breakdown, "ending__record__case", ("cause_text",)),
    (NextCase, "record__case", ("reason",)),
    (SupportCheck, "promised__record__case", ("note",)),
)
REQUIRED = {"goal", "present"}


def _with_text(model: type[models.Model], path: str, fields: tuple[str, ...]) -> models.Exists:
    written = models.Q()
    for name in fields:
        written |= ~models.Q(**{f"{name}__in": ["", ERASED]})
    return models.Exists(model._base_manager.filter(written, **{path: models.OuterRef("pk")}))


def _expired(now: datetime.datetime) -> models.QuerySet[Any]:
    """Cases with follow-up texts left whose child's every case ended before the cutoff."""
    open_cases = Case.objects.filter(child=models.OuterRef("child")).exclude(
        status=CaseStatus.ENDED
    )
    last_end = (
        Case.objects.filter(child=models.OuterRef("child"), transitions__to_status=CaseStatus.ENDED)
        .order_by("-transitions__at")
        .values("transitions__at")[:1]
    )
    any_text = models.Q()
    for model, path, fields in TEXTS:
        any_text |= models.Q(_with_text(model, path, fields))
    return (
        Case.objects.filter(status=CaseStatus.ENDED)
        .exclude(models.Exists(open_cases))
        .annotate(child_last_end=models.Subquery(last_end))
        .filter(child_last_end__lt=RULE.cutoff(now))
        .filter(any_text)
    )


def _erase(expired: models.QuerySet[Any]) -> int:
    case_ids = list(expired.values_list("pk", flat=True))
    for model, path, fields in TEXTS:
        rows = model._base_manager.filter(**{f"{path}__in": case_ids})
        history_delete(model, list(rows.values_list("pk", flat=True)))
        rows.update(**{name: ERASED if name in REQUIRED else "" for name in fields})
    return len(case_ids)


RULE = register(
    RetentionRule(
        "followup_texts",
        "cases whose follow-up texts are erased (plans, follow-ups, visits, endings)",
        _expired,
        _erase,
    )
)
