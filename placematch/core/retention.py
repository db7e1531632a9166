# SPDX-License-Identifier: MPL-2.0
"""Retention: each app registers, from its own ``retention`` module, the kinds of records it
keeps for a limited time (which are past their period, and how to erase them); one daily command
runs them all.

Core knows no app above it: ``rules()`` imports every installed app's ``retention`` module, which
calls ``register``. A rule erases personal data and keeps the pseudonymous figures the evaluation
counts; a rule never selects a record that something still rests on (a decision's basis, for one).
The periods and their legal reasons are in ``settings.RETENTION_DAYS`` and docs/operations.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import ForeignObjectRel
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class RetentionRule:
    kind: str  # a key of settings.RETENTION_DAYS, e.g. "secure_links"
    records: str  # what is erased, for the report: "secure links (expired or revoked)"
    # The records past their period at ``now`` (the cutoff is ``now`` less the period).
    expired: Callable[[datetime.datetime], models.QuerySet[Any]]
    # Erases what ``expired`` selected; returns how many records it erased or made anonymous.
    erase: Callable[[models.QuerySet[Any]], int]

    @property
    def days(self) -> int:
        return int(settings.RETENTION_DAYS[self.kind])

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        return now - datetime.timedelta(days=self.days)


@dataclass(frozen=True)
class RuleReport:
    kind: str
    records: str
    days: int
    found: int
    erased: int  # 0 on a dry run


_registry: dict[str, RetentionRule] = {}


def register(rule: RetentionRule) -> RetentionRule:
    if rule.kind not in settings.RETENTION_DAYS:
        raise KeyError(f"Retention kind {rule.kind!r} has no period in settings.RETENTION_DAYS.")
    _registry[rule.kind] = rule
    return rule


def rules() -> list[RetentionRule]:
    autodiscover_modules("retention")
    return [_registry[kind] for kind in sorted(_registry)]


def run(*, now: datetime.datetime, dry_run: bool) -> list[RuleReport]:
    """Each rule in its own transaction: a failing rule leaves the others' work done."""
    reports: list[RuleReport] = []
    for rule in rules():
        with transaction.atomic():
            expired = rule.expired(now)
            found = expired.count()
            erased = 0 if dry_run or not found else rule.erase(expired)
        reports.append(RuleReport(rule.kind, rule.records, rule.days, found, erased))
    return reports


def history_delete(model: type[models.Model], ids: list[Any]) -> int:
    """Delete a model's change-history rows for these ids (they hold old copies of the data)."""
    history = getattr(model, "history", None)
    if history is None or not ids:
        return 0
    deleted, _ = history.model._base_manager.filter(id__in=ids).delete()
    return int(deleted)


def referenced_elsewhere(model: type[models.Model]) -> list[models.QuerySet[Any]]:
    """For each table that points at ``model`` (change history left out), the ids it points at.

    A rule excludes these, so a record another record still rests on is never selected, whatever
    app the other record belongs to (a match meeting's run, a placement record's run).
    """
    found: list[models.QuerySet[Any]] = []
    for field in model._meta.get_fields(include_hidden=True):
        if not isinstance(field, ForeignObjectRel) or field.many_to_many:
            continue
        related = field.related_model
        # simple_history's tables copy the pointer; a copy rests on nothing.
        if not isinstance(related, type) or hasattr(related, "instance_type"):
            continue
        column = field.field.attname
        found.append(related._base_manager.filter(**{f"{column}__isnull": False}).values(column))
    return found
