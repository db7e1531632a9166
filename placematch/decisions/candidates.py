# SPDX-License-Identifier: MPL-2.0
"""The shortlist a match meeting looks at: the run's best places with their explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from placematch.matching.models import Inquiry, MatchRun
from placematch.matching.shortlist import shortlist
from placematch.providers.models import Place

SHORTLIST_LIMIT = 10


@dataclass
class PlainCandidate:
    """A place without the engine's explanations (an inquired place outside the run)."""

    place: Place | None
    rank: int
    score_milli: int
    factors: list[Any] = field(default_factory=list)
    gaps: list[Any] = field(default_factory=list)
    support: list[str] = field(default_factory=list)

    @property
    def score(self) -> str:
        return f"{self.score_milli / 10:.0f}"


def engine_shortlist(run: MatchRun, limit: int = SHORTLIST_LIMIT) -> list[Any]:
    """The matching app's explained shortlist (see placematch.matching.shortlist)."""
    return list(shortlist(run, limit))


@dataclass
class MeetingCandidate:
    """One shortlisted place at the meeting, with the place's own answer to the inquiry."""

    candidate: Any
    inquiry: Inquiry | None

    @property
    def place(self) -> Place | None:
        place: Place | None = self.candidate.place
        return place


def meeting_candidates(run: MatchRun | None, inquiries: list[Inquiry]) -> list[MeetingCandidate]:
    """The shortlist side by side with the answers; inquired places outside the run come last."""
    by_place: dict[int, Inquiry] = {}
    for inquiry in inquiries:  # newest first: keep the latest inquiry per place
        by_place.setdefault(inquiry.place_id, inquiry)
    rows = []
    seen = set()
    for candidate in engine_shortlist(run) if run is not None else []:
        place = candidate.place
        if place is None:
            continue
        seen.add(place.pk)
        rows.append(MeetingCandidate(candidate, by_place.get(place.pk)))
    for place_id, inquiry in by_place.items():
        if place_id not in seen:
            rows.append(
                MeetingCandidate(
                    PlainCandidate(place=inquiry.place, rank=0, score_milli=0), inquiry
                )
            )
    return rows
