# SPDX-License-Identifier: MPL-2.0
"""The capacity overview's result: each child's line, its alternatives and contested places."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from matchengine import ENGINE_VERSION
from matchengine.index import PlaceIndex
from matchengine.models import OverviewRequest
from matchengine.results import Alternative, ChildOutcome, Objective, OverviewResult, PlaceDemand
from matchengine.vocab import UnplacedReason

if TYPE_CHECKING:
    from matchengine.overview import Unit


def overview_result(
    request: OverviewRequest,
    index: PlaceIndex,
    units: list[Unit],
    chosen: list[int | None],
) -> OverviewResult:
    """Each child's line (place, alternatives, why unplaced) and the contested places."""
    holders: dict[int, list[str]] = {}
    for unit, place in zip(units, chosen, strict=True):
        if place is not None:
            holders.setdefault(place, []).extend(c.id for c in unit.children)
    # Children who could take each place, summed over every unit's allowed places at once.
    allowed = [unit.feasible[unit.allowed] for unit in units]
    demand = np.bincount(
        np.concatenate(allowed) if allowed else np.zeros(0, dtype=np.int64),
        weights=np.repeat([float(unit.size) for unit in units], [len(a) for a in allowed]),
        minlength=len(index),
    ).astype(np.int64)
    candidates = {int(p): int(demand[p]) for p in np.flatnonzero(demand).tolist()}
    outcomes: list[ChildOutcome] = []
    fits: list[int] = []
    for unit, place in zip(units, chosen, strict=True):
        for row, child in enumerate(unit.children):
            score = None
            if place is not None:
                score = int(unit.fits[row, int(np.flatnonzero(unit.feasible == place)[0])])
                fits.append(score)
            # Only the best few are shown: enough to skip the own place and the forbidden ones.
            wanted = request.alternatives + 1 + int(np.count_nonzero(~unit.allowed))
            order = index.order(unit.feasible, unit.fits[row], wanted)
            # unit.feasible is sorted, so a place's column is found by bisection.
            position = np.searchsorted(unit.feasible, order)
            shown = unit.allowed[position] & (order != (-1 if place is None else place))
            picks = np.flatnonzero(shown)[: request.alternatives]
            alternatives = tuple(
                Alternative(
                    place_id=index.ids[p],
                    score_milli=int(unit.fits[row, k]),
                    taken_by=tuple(sorted(holders.get(p, []))),
                )
                for p, k in zip(order[picks].tolist(), position[picks].tolist(), strict=True)
            )
            reason: UnplacedReason | None = None
            competing: tuple[str, ...] = ()
            if place is None:
                if not unit.feasible.size:
                    reason = UnplacedReason.NO_FEASIBLE_PLACE
                elif not unit.allowed.any():
                    reason = UnplacedReason.ALL_FEASIBLE_PLACES_FORBIDDEN
                else:
                    reason = UnplacedReason.PLACES_TAKEN
                    taken = {
                        h for p in unit.feasible[unit.allowed].tolist() for h in holders.get(p, [])
                    }
                    competing = tuple(sorted(taken))
            outcomes.append(
                ChildOutcome(
                    child_id=child.id,
                    sibling_group_id=child.sibling_group_id,
                    place_id=None if place is None else index.ids[place],
                    score_milli=score,
                    pinned=unit.pinned is not None,
                    feasible_places=int(unit.feasible.size),
                    alternatives=alternatives,
                    unplaced_reason=reason,
                    competing_children=competing,
                )
            )
    contested = tuple(
        PlaceDemand(
            place_id=index.ids[p],
            free_places=index.places[p].free_places,
            assigned=tuple(sorted(holders.get(p, []))),
            candidates=n,
        )
        for p, n in sorted(candidates.items(), key=lambda item: index.ids[item[0]])
        if n > index.places[p].free_places
    )
    return OverviewResult(
        engine_version=ENGINE_VERSION,
        policy_version=request.policy.version,
        reference_date=request.reference_date,
        objective=Objective(
            placed_children=len(fits),
            min_fit_milli=min(fits) if fits else None,
            total_fit_milli=sum(fits),
        ),
        children=tuple(sorted(outcomes, key=lambda o: o.child_id)),
        contested_places=contested,
        candidate_limit=request.candidate_limit,
    )
