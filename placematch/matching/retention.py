# SPDX-License-Identifier: MPL-2.0
"""matching: match runs nothing rests on are deleted after their period.

A run holds the child's engine input. A run that a match meeting, and so a decision's basis, or a
placement record points at is part of the case and is never selected here; it goes with the case.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from placematch.core.retention import RetentionRule, referenced_elsewhere, register
from placematch.matching.models import MatchRun


def _expired(now: datetime.datetime) -> models.QuerySet[Any]:
    runs = MatchRun.objects.filter(created_at__lt=RULE.cutoff(now))
    for pointing in referenced_elsewhere(MatchRun):
        runs = runs.exclude(pk__in=pointing)
    return runs


def _erase(expired: models.QuerySet[Any]) -> int:
    # A query set's delete does not call Immutable.delete, which refuses single deletes.
    _, per_model = expired.delete()
    return per_model.get(MatchRun._meta.label, 0)


RULE = register(
    RetentionRule("match_runs", "match runs no meeting or decision rests on", _expired, _erase)
)
