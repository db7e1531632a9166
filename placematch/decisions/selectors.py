# SPDX-License-Identifier: MPL-2.0
"""decisions: every non-trivial read, scoped to the user's organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from matchengine.vocab import LegalBasis
from placematch.children.models import Case, RelatedPerson
from placematch.decisions.gates import parties_of
from placematch.decisions.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    MatchMeeting,
)


def decisions_in_force(case: Case) -> QuerySet[Decision]:
    return Decision.objects.filter(case=case, status=DecisionStatus.DECIDED).select_related(
        "place__provider", "decided_by", "reservation"
    )


def current_decision(case: Case) -> Decision | None:
    """The case's lasting decision in force, else its temporary one, else None."""
    in_force = list(decisions_in_force(case))
    for kind in (DecisionKind.LASTING, DecisionKind.TEMPORARY):
        for decision in in_force:
            if decision.kind == kind:
                return decision
    return None


def decisions_of(case: Case) -> QuerySet[Decision]:
    """Every decision on the case, newest first, withdrawn and replaced ones included."""
    return Decision.objects.filter(case=case).select_related(
        "place__provider", "decided_by", "meeting"
    )


def meetings_of(case: Case) -> QuerySet[MatchMeeting]:
    """The case's meetings in their newest versions (older versions are reached from them)."""
    return MatchMeeting.objects.filter(case=case, next_version__isnull=True).select_related(
        "run", "created_by"
    )


def hearing_parties(case: Case) -> list[tuple[str, str, RelatedPerson | None]]:
    """Who is heard before the decision: the custody holders, and the child from 10 (§ 3)."""
    return parties_of(case, timezone.localdate())


def meeting_versions(meeting: MatchMeeting) -> list[MatchMeeting]:
    """Every version of the meeting, oldest first, whichever version is given."""
    first = meeting
    while first.previous_id is not None:
        first = MatchMeeting.objects.select_related("created_by").get(pk=first.previous_id)
    versions = [first]
    while (following := MatchMeeting.objects.filter(previous=versions[-1]).first()) is not None:
        versions.append(following)
    return versions


def awaiting_committee(organisation_id: int) -> list[Decision]:
    """Provisional decisions (§ 143) in force that the committee has not approved yet."""
    return list(
        Decision.objects.filter(
            organisation_id=organisation_id,
            status=DecisionStatus.DECIDED,
            legal_basis=LegalBasis.S143_PROVISIONAL.value,
            committee_decided_on__isnull=True,
        ).order_by("provisional_implemented_on", "pk")
    )
