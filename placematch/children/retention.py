# SPDX-License-Identifier: MPL-2.0
"""children: a child's personal data is made anonymous when the child's last case ended longer
ago than the closed-case period.

The rows stay, so every figure that counts cases, their course and the started placements is
the same afterwards; what identifies the child or the people around it, and every free text, is
erased, with the change history that holds old copies. A child with a case still open, or ended
inside the period, is never selected: a decision on any of its cases still rests on the data.
Apps above this one erase their own texts on these cases through their own rules.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from placematch.children.models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseStatus,
    CaseTransition,
    Child,
    Conversation,
    NonDisclosure,
    Observation,
    ParentView,
    RelatedPerson,
    Sibling,
    Wish,
)
from placematch.core.retention import RetentionRule, history_delete, register

ERASED = "Slettet"
ERASED_NUMBER = "slettet-"

# Rows that hang off an erased child: (model, path to the child); their free texts are erased.
_TEXTS: tuple[tuple[type[models.Model], str], ...] = (
    (Case, "child"),
    (CaseTransition, "case__child"),
    (Conversation, "case__child"),
    (Wish, "case__child"),
    (ParentView, "case__child"),
    (NonDisclosure, "case__child"),
    (Assessment, "case__child"),
    (AssessmentNeed, "assessment__case__child"),
    (Observation, "assessment__case__child"),
    (Sibling, "child"),
)


def ended_children(now: datetime.datetime) -> models.QuerySet[Child]:
    """Children not yet made anonymous whose every case ended before the period's cutoff."""
    last_end = models.Max(
        "cases__transitions__at",
        filter=models.Q(cases__transitions__to_status=CaseStatus.ENDED),
    )
    open_cases = Case.objects.filter(child=models.OuterRef("pk")).exclude(status=CaseStatus.ENDED)
    return (
        Child.objects.exclude(case_number__startswith=ERASED_NUMBER)
        .filter(cases__isnull=False)
        .exclude(models.Exists(open_cases))
        .annotate(last_end=last_end)
        .filter(last_end__lt=RULE.cutoff(now))
    )


def _free_texts(model: type[models.Model]) -> dict[str, str]:
    return {
        field.name: ""
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
    }


def _erase(expired: models.QuerySet[Any]) -> int:
    children = list(expired.values_list("pk", "birth_date"))
    ids = [pk for pk, _ in children]
    for model, path in _TEXTS:
        rows = model._base_manager.filter(**{f"{path}__in": ids})
        history_delete(model, list(rows.values_list("pk", flat=True)))
        texts = _free_texts(model)
        if texts:
            rows.update(**texts)
    Conversation.objects.filter(case__child__in=ids).update(present=ERASED, bisidder="")
    Wish.objects.filter(case__child__in=ids).update(text=ERASED, postcode="")
    Sibling.objects.filter(child__in=ids).update(name="", lives_with="")
    persons = RelatedPerson.objects.filter(child__in=ids)
    history_delete(RelatedPerson, list(persons.values_list("pk", flat=True)))
    persons.update(name=ERASED, relation="", postcode="")
    history_delete(Child, ids)
    for pk, birth_date in children:
        # The birth year stays (ages in the figures), the day goes.
        Child.objects.filter(pk=pk).update(
            first_name=ERASED,
            last_name="",
            birth_date=datetime.date(birth_date.year, 7, 1),
            case_number=f"{ERASED_NUMBER}{pk}",
            address_postcode="",
            school_name="",
            school_postcode="",
        )
    return len(ids)


RULE = register(
    RetentionRule(
        "closed_cases", "children whose last case ended (made anonymous)", ended_children, _erase
    )
)
