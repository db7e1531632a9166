# SPDX-License-Identifier: MPL-2.0
"""The capacity overview: all children in matching in a municipality against current places.

It shows where children compete for the same places. It is never a proposal for any child:
§ 52 asks for the best place for each child, decided in the child's own case.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from matchengine.models import ChildProfile
from matchengine.overview import OverviewInputError, page_overview
from matchengine.policy import Policy
from matchengine.vocab import UnplacedReason
from placematch.children.models import Case, CaseStatus
from placematch.children.selectors import visible_cases
from placematch.core.codes import label_of
from placematch.matching import explain
from placematch.matching.adapter import RunOptions, child_profile
from placematch.matching.indexes import current_index
from placematch.matching.selectors import last_run_options
from placematch.matching.services_runs import current_policy
from placematch.providers.models import Place


@dataclass(frozen=True)
class Option:
    place: Place | None
    score: str
    taken_by: list[str]


@dataclass(frozen=True)
class Row:
    case: Case
    place: Place | None
    score: str
    feasible: int
    unplaced: str
    alternatives: list[Option]
    competing: list[str]
    together: int


@dataclass(frozen=True)
class Contested:
    place: Place | None
    free: int
    candidates: int
    assigned: list[str]


@dataclass
class CapacityResult:
    rows: list[Row] = field(default_factory=list)
    contested: list[Contested] = field(default_factory=list)
    placed: int = 0
    error: str = ""
    places: int = 0


def _whole_groups(profiles: list[ChildProfile]) -> list[ChildProfile]:
    """Sibling groups as far as they are in matching: a sibling who is not in matching now (or
    not in the system) has no line here, so the group counts only the children present."""
    present: dict[str, int] = {}
    for p in profiles:
        if p.sibling_group_id is not None:
            present[p.sibling_group_id] = present.get(p.sibling_group_id, 0) + 1
    fixed = []
    for p in profiles:
        if p.sibling_group_id is not None and present[p.sibling_group_id] != p.sibling_group_size:
            size = present[p.sibling_group_id]
            group = p.sibling_group_id if size > 1 else None
            p = p.model_copy(update={"sibling_group_size": size, "sibling_group_id": group})
        fixed.append(p)
    return fixed


def capacity_overview(user: Any, day: datetime.date) -> CapacityResult:
    """Run the engine's overview for the user's municipality (team leaders see all cases)."""
    cases = list(
        visible_cases(user)
        .filter(status=CaseStatus.MATCHING)
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "-pk")
    )
    result = CapacityResult()
    if not cases:
        return result
    loaded = current_index(day)
    result.places = len(loaded.index)
    if not len(loaded.index):
        result.error = "no_places"
        return result
    # One line per child: a child with two open cases in matching counts once (the newest).
    by_child: dict[str, Case] = {}
    for case in cases:
        by_child.setdefault(str(case.child.ref), case)
    options = last_run_options(by_child.values())
    profiles = [
        child_profile(case, day, RunOptions.from_json(options.get(case.pk, {}))).model_copy(
            update={"acute": False}
        )
        for case in by_child.values()
    ]
    profiles = _whole_groups(profiles)
    stored = current_policy(user.organisation_id)
    try:
        outcome = page_overview(
            profiles,
            loaded.index,
            reference_date=day,
            policy=stored.engine_policy() if stored is not None else Policy(),
        )
    except (ValidationError, OverviewInputError):
        result.error = "invalid"
        return result
    ids = {o.place_id for o in outcome.children if o.place_id}
    ids |= {a.place_id for o in outcome.children for a in o.alternatives}
    ids |= {d.place_id for d in outcome.contested_places}
    places = {
        str(p.pk): p
        for p in Place.objects.filter(pk__in=[int(i) for i in ids]).select_related("provider")
    }
    names = {ref: case.child.name for ref, case in by_child.items()}
    group_sizes = Counter(o.sibling_group_id for o in outcome.children if o.sibling_group_id)
    for line in outcome.children:
        case = by_child[line.child_id]
        result.rows.append(
            Row(
                case=case,
                place=places.get(line.place_id or ""),
                score=""
                if line.score_milli is None
                else explain.points(line.score_milli, sign=False),
                feasible=line.feasible_places,
                unplaced=label_of(UnplacedReason, line.unplaced_reason.value)
                if line.unplaced_reason is not None
                else "",
                alternatives=[
                    Option(
                        places.get(a.place_id),
                        explain.points(a.score_milli, sign=False),
                        [names.get(t, "") for t in a.taken_by],
                    )
                    for a in line.alternatives
                ],
                competing=[names.get(c, "") for c in line.competing_children],
                together=group_sizes[line.sibling_group_id] if line.sibling_group_id else 0,
            )
        )
    result.placed = outcome.objective.placed_children
    result.contested = [
        Contested(
            places.get(d.place_id),
            d.free_places,
            d.candidates,
            [names.get(a, "") for a in d.assigned],
        )
        for d in outcome.contested_places
    ]
    return result
