# SPDX-License-Identifier: MPL-2.0
"""involvement: secure links are deleted a while after they expired or were revoked.

The answers given through a link belong to the case and stay with it; the link itself (whom it
was for, when it was opened) is only needed while someone may ask about it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from placematch.core.retention import RetentionRule, history_delete, register
from placematch.involvement.models import SecureLink


def _expired(now: datetime.datetime) -> models.QuerySet[Any]:
    cutoff = RULE.cutoff(now)
    return SecureLink.objects.filter(
        models.Q(expires_at__lt=cutoff) | models.Q(revoked_at__lt=cutoff)
    )


def _erase(expired: models.QuerySet[Any]) -> int:
    ids = list(expired.values_list("pk", flat=True))
    history_delete(SecureLink, ids)
    deleted, _ = SecureLink.objects.filter(pk__in=ids).delete()
    return deleted


RULE = register(
    RetentionRule("secure_links", "secure links (expired or revoked)", _expired, _erase)
)
