# SPDX-License-Identifier: MPL-2.0
"""A sibling group's ranking: a place is shown only if every sibling may legally live there.

The engine ranks for one child; the group's size already asks each place for room for all. What
the engine cannot see from one child is a rule that excludes a place for a sibling (an age span,
a network foster family approved only for one of them, a heavy need outside the approval). The
engine's own rules are asked for each sibling, and a place the child could use but a sibling may
not legally use moves from the ranking to "why not", with the sibling's reasons marked with the
sibling they concern, as the capacity overview keeps such a group out of the place.
"""

from __future__ import annotations

import datetime

import numpy as np
import numpy.typing as npt

from matchengine.index import BIT, PlaceIndex
from matchengine.models import ChildProfile
from matchengine.policy import Policy
from matchengine.ranking import rank_child
from matchengine.results import ExcludedPlace, RankResult, Reason
from matchengine.rules import check
from matchengine.vocab import CONSTRAINT_KIND, ConstraintKind
from placematch.children.models import Case, CaseStatus
from placematch.children.selectors import placement_group
from placematch.matching.adapter import RunOptions, child_profile

# The reason parameter naming the sibling (by its opaque ref) a reason concerns.
SIBLING_PARAM = "sibling_id"
LEGAL_BITS = np.uint32(
    sum(BIT[code] for code, kind in CONSTRAINT_KIND.items() if kind is ConstraintKind.LEGAL)
)


def sibling_profiles(
    case: Case, child: ChildProfile, day: datetime.date, options: RunOptions
) -> list[ChildProfile]:
    """The engine's view of each other sibling in the group, from the sibling's own open case.

    A sibling without an open case yet is known by age alone (no needs are recorded for it).
    """
    profiles = []
    for other in placement_group(case.child, day).children:
        if other.pk == case.child_id:
            continue
        own = other.cases.exclude(status=CaseStatus.ENDED).order_by("-pk").first()
        if own is not None:
            profiles.append(child_profile(own, day, options))
            continue
        bare = ChildProfile(
            id=str(other.ref),
            birth_date=other.birth_date,
            sibling_group_id=child.sibling_group_id,
            sibling_group_size=child.sibling_group_size,
            required_forms=child.required_forms,
            required_types=child.required_types,
            secure_unit_needed=child.secure_unit_needed,
            partly_closed_unit_allowed=child.partly_closed_unit_allowed,
        )
        profiles.append(bare)
    return profiles


def sibling_blocks(
    index: PlaceIndex,
    siblings: list[ChildProfile],
    day: datetime.date,
    policy: Policy,
    usable: npt.NDArray[np.int64],
) -> dict[str, tuple[Reason, ...]]:
    """Of the places the child could use (positions), those a sibling may not legally use,
    with that sibling's legal reasons, each marked with the sibling's id."""
    blocked: dict[str, list[Reason]] = {}
    for sibling in siblings:
        bits = index.reasons(sibling, day, policy)[usable]
        for position in usable[np.flatnonzero(bits & LEGAL_BITS)].tolist():
            place = index.places[position]
            blocked.setdefault(place.id, []).extend(
                r.model_copy(update={"params": {**r.params, SIBLING_PARAM: sibling.id}})
                for r in check(sibling, place, day, policy)
                if r.kind is ConstraintKind.LEGAL
            )
    return {place_id: tuple(reasons) for place_id, reasons in blocked.items()}


def rank_group(
    index: PlaceIndex,
    child: ChildProfile,
    siblings: list[ChildProfile],
    *,
    reference_date: datetime.date,
    policy: Policy,
    include_practical: bool,
    top_k: int,
) -> RankResult:
    """The child's ranking without the places a sibling may not legally use."""
    blocked: dict[str, tuple[Reason, ...]] = {}
    k = top_k
    while True:
        outcome = rank_child(
            index,
            child,
            reference_date=reference_date,
            policy=policy,
            include_practical=include_practical,
            top_k=k,
        )
        if siblings and k == top_k:
            usable = outcome.scored.included.astype(np.int64)
            blocked = sibling_blocks(index, siblings, reference_date, policy, usable)
        kept = [t for t in outcome.top if t.place_id not in blocked]
        # Explain more of the best places until ``top_k`` remain, or every place is explained.
        if not blocked or len(kept) >= top_k or len(outcome.top) < k:
            break
        k *= 2
    result = outcome.result()
    if not blocked:
        return result
    ranked = [r for r in result.ranked if r.place_id not in blocked]
    excluded = {e.place_id: e for e in result.excluded}
    excluded.update(
        (place_id, ExcludedPlace(place_id=place_id, reasons=reasons))
        for place_id, reasons in blocked.items()
    )
    return result.model_copy(
        update={
            "included_count": len(ranked),
            "top": tuple(
                t.model_copy(update={"rank": n}) for n, t in enumerate(kept[:top_k], start=1)
            ),
            "ranked": tuple(
                r.model_copy(update={"rank": n}) for n, r in enumerate(ranked, start=1)
            ),
            "excluded": tuple(excluded[p] for p in sorted(excluded)),
        }
    )
