# SPDX-License-Identifier: MPL-2.0
"""audit: the access log's retention rule (kept at least six months, then deleted)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from placematch.audit.models import AccessLogEntry
from placematch.core.retention import RetentionRule, register


def _expired(now: datetime.datetime) -> models.QuerySet[Any]:
    return AccessLogEntry.objects.filter(time__lt=RULE.cutoff(now))


def _erase(expired: models.QuerySet[Any]) -> int:
    deleted, _ = expired.delete()
    return deleted


RULE = register(RetentionRule("access_log", "access-log rows", _expired, _erase))
