# SPDX-License-Identifier: MPL-2.0
"""matching: every non-trivial read, scoped to the user's organisation and case visibility."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from placematch.children.selectors import visible_cases
from placematch.matching.models import OPEN_STATUSES, Inquiry, InquiryStatus, MatchRun
from placematch.providers.models import Place, Provider
from placematch.providers.selectors import visible_places

PLACE_SEARCH_LIMIT = 40


def max_open_inquiries() -> int:
    return int(getattr(settings, "MATCHING_MAX_OPEN_INQUIRIES", 5))


# Municipality side ---------------------------------------------------------------------------


def municipal_inquiries(user: Any) -> QuerySet[Inquiry]:
    """Inquiries from the cases this user may see (caseworkers their own, team leaders all)."""
    return Inquiry.objects.filter(case__in=visible_cases(user)).select_related(
        "case", "case__child", "place", "place__provider"
    )


def inquiry_for_caseworker(user: Any, pk: int) -> Inquiry:
    inquiry = municipal_inquiries(user).filter(pk=pk).first()
    if inquiry is None:
        raise Http404
    return inquiry


def inquiries_of_case(case: Any) -> QuerySet[Inquiry]:
    return (
        Inquiry.objects.filter(case=case)
        .select_related("place", "place__provider", "sent_by")
        .prefetch_related("dimension_answers")
        .order_by("-sent_at", "-pk")
    )


def open_inquiry_count(case: Any) -> int:
    return Inquiry.objects.filter(case=case, status__in=OPEN_STATUSES).count()


def searchable_places(user: Any, query: str = "") -> QuerySet[Place]:
    """Registry places the user may read, filtered by name, provider, postcode or registry id."""
    places = visible_places(user).order_by("provider__name", "name", "pk")
    query = query.strip()
    if query:
        places = places.filter(
            Q(name__icontains=query)
            | Q(provider__name__icontains=query)
            | Q(postcode__startswith=query)
            | Q(provider__postcode__startswith=query)
            | Q(registry_id__iexact=query)
        )
    return places


# Match runs ----------------------------------------------------------------------------------


def runs_of_case(case: Any) -> QuerySet[MatchRun]:
    return (
        MatchRun.objects.filter(case=case)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def last_run_options(cases: Iterable[Any]) -> dict[int, dict[str, Any]]:
    """The options of each case's newest run, in one query; a case without runs is absent."""
    found: dict[int, dict[str, Any]] = {}
    rows = MatchRun.objects.filter(case__in=list(cases)).order_by("case_id", "-created_at", "-pk")
    for case_id, options in rows.values_list("case_id", "options"):
        found.setdefault(case_id, options)
    return found


def run_for_user(user: Any, pk: int) -> MatchRun:
    """A run on a case the user may see; another municipality's run or a missing one is 404."""
    run = (
        MatchRun.objects.filter(case__in=visible_cases(user), pk=pk)
        .select_related("case", "case__child", "snapshot", "policy", "created_by")
        # The large stored parts are read once per process, when the run's view is first built.
        .defer("result_data", "child_input", "snapshot__data")
        .first()
    )
    if run is None:
        raise Http404
    return run


# Provider side -------------------------------------------------------------------------------


def provider_of(user: Any) -> Provider | None:
    """The provider behind a provider user's organisation (None when there is none yet)."""
    if not getattr(user, "is_provider_user", False):
        return None
    return Provider.objects.filter(organisation_id=user.organisation_id).first()


def provider_inquiries(user: Any) -> QuerySet[Inquiry]:
    """Inquiries to the places of the user's own provider; nothing for anyone else."""
    if not getattr(user, "is_provider_user", False):
        return Inquiry.objects.none()
    return Inquiry.objects.filter(
        place__provider__organisation_id=user.organisation_id
    ).select_related("case", "case__child", "case__organisation", "place", "organisation")


def inquiry_for_provider(user: Any, pk: int) -> Inquiry:
    """An inquiry to one of the user's own places; another provider's inquiry is 404."""
    inquiry = provider_inquiries(user).filter(pk=pk).first()
    if inquiry is None:
        raise Http404
    return inquiry


def awaiting_answer(inquiries: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    return inquiries.filter(status=InquiryStatus.SENT)


def overdue(inquiries: QuerySet[Inquiry], now: datetime.datetime) -> QuerySet[Inquiry]:
    return inquiries.filter(status=InquiryStatus.SENT, due_at__lt=now)


def mark_overdue(inquiries: list[Inquiry], now: datetime.datetime | None = None) -> list[Inquiry]:
    """Set ``overdue`` on each inquiry for the templates (one clock reading per page)."""
    now = now or timezone.now()
    for inquiry in inquiries:
        inquiry.overdue = inquiry.is_overdue(now)  # type: ignore[attr-defined]
    return inquiries
