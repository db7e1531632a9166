# SPDX-License-Identifier: MPL-2.0
"""What the preparation before a decision brings to it, as a typed contract.

Practice prepares on the match meeting's hold (first meeting, match interview, match visit,
mutual yes) before the formal decision. The preparation app sits above this one, so it
registers a ``Preparation`` here: the decision asks it what was prepared on the decided place
(frozen into the decision basis) and tells it when the decision is made, so the plan on the
hold goes on under the decision. Without a registration both are no-ops.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from django.http import HttpRequest

from placematch.accounts.models import User
from placematch.decisions.models import Decision


@dataclass(frozen=True)
class FeedbackGiven:
    """One answer after a preparation meeting, as the child or a parent gave it."""

    respondent: str  # "child" or "parent"
    name: str  # the child's first name or the parent's name
    rating: str
    rating_label: str
    comment: str


@dataclass(frozen=True)
class MeetingHeld:
    step: str
    step_label: str
    held_on: datetime.date
    child_present: bool
    placement_present: bool
    feedback: tuple[FeedbackGiven, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """The preparation on the decided place up to the decision."""

    started_on: datetime.date
    before_decision: bool  # started on a hold, before the decision
    meetings: tuple[MeetingHeld, ...]
    mutual_yes: bool | None
    mutual_yes_on: datetime.date | None
    child_view: str
    parents_view: str
    placement_yes: bool | None


class Preparation(Protocol):
    def prepared(self, decision: Decision) -> Prepared | None:
        """What was prepared on the decision's place and ledger row, if anything."""
        ...

    def decided(
        self, decision: Decision, *, actor: User | None, request: HttpRequest | None
    ) -> None:
        """The decision is made: the plan on its hold goes on under it."""
        ...


_registered: list[Preparation] = []


def register(preparation: Preparation) -> None:
    """Register the preparation app (one; a second registration replaces the first)."""
    _registered[:] = [preparation]


def prepared(decision: Decision) -> Prepared | None:
    return _registered[0].prepared(decision) if _registered else None


def decided(decision: Decision, *, actor: User | None, request: HttpRequest | None) -> None:
    if _registered:
        _registered[0].decided(decision, actor=actor, request=request)
