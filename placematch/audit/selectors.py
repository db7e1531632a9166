# SPDX-License-Identifier: MPL-2.0
"""audit: reads of the access log, e.g. who has seen one child's data."""

from __future__ import annotations

from django.db.models import QuerySet

from placematch.audit.models import AccessLogEntry


def entries_for_subject(subject_type: str, subject_id: str | int) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(subject_type=subject_type, subject_id=str(subject_id))
