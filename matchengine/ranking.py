# SPDX-License-Identifier: MPL-2.0
"""Rank places for one child: vectorised totals, full explanations for the best k."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from matchengine import ENGINE_VERSION
from matchengine.index import PlaceIndex, Scored, bits_to_codes
from matchengine.models import ChildProfile, RankRequest
from matchengine.policy import Policy
from matchengine.results import (
    ExcludedPlace,
    Notice,
    PlaceExplanation,
    RankedPlace,
    RankResult,
    Reason,
)
from matchengine.rules import check, evaluate
from matchengine.vocab import ConstraintKind, NoticeCode


class EngineInvariantError(RuntimeError):
    """The vectorised index and the per-object rules disagree; never expected."""


@dataclass(frozen=True)
class RankOutcome:
    """A ranking held as arrays; explanations for the best places are already built."""

    index: PlaceIndex
    child: ChildProfile
    reference_date: date
    policy: Policy
    include_practical: bool
    scored: Scored
    top: tuple[PlaceExplanation, ...]

    def ranked(self) -> tuple[RankedPlace, ...]:
        """Every included place with its total score, best first."""
        order = self.index.order(self.scored.included, self.scored.scores)
        score_at = dict(
            zip(self.scored.included.tolist(), self.scored.scores.tolist(), strict=True)
        )
        return tuple(
            RankedPlace(place_id=self.index.ids[i], rank=r, score_milli=score_at[i])
            for r, i in enumerate(order.tolist(), start=1)
        )

    def excluded(self) -> tuple[ExcludedPlace, ...]:
        """Every excluded place with all its reasons, by place id."""
        included = set(self.scored.included.tolist())
        out: list[ExcludedPlace] = []
        for i in range(len(self.index)):
            if i in included:
                continue
            place = self.index.places[i]
            reasons = check(self.child, place, self.reference_date, self.policy)
            codes = [r.code for r in reasons]
            if codes != bits_to_codes(int(self.scored.reasons[i])):
                raise EngineInvariantError(f"reasons differ for place {place.id!r}")
            out.append(ExcludedPlace(place_id=place.id, reasons=tuple(reasons)))
        return tuple(sorted(out, key=lambda e: e.place_id))

    def result(self) -> RankResult:
        """The full, serialisable result."""
        return RankResult(
            engine_version=ENGINE_VERSION,
            policy_version=self.policy.version,
            reference_date=self.reference_date,
            child_id=self.child.id,
            place_count=len(self.index),
            included_count=len(self.scored.included),
            top=self.top,
            ranked=self.ranked(),
            excluded=self.excluded(),
        )


def rank_child(
    index: PlaceIndex,
    child: ChildProfile,
    *,
    reference_date: date,
    policy: Policy | None = None,
    include_practical: bool = False,
    top_k: int = 20,
) -> RankOutcome:
    """Rank every place in the index for one child; explain the best ``top_k``."""
    policy = policy or Policy()
    scored = index.evaluate(child, reference_date, policy, include_practical)
    best = index.order(scored.included, scored.scores, top_k)
    # ``included`` is ascending, so the best places' scores are found by bisection.
    best_scores = scored.scores[np.searchsorted(scored.included, best)].tolist()
    top: list[PlaceExplanation] = []
    for rank, (i, array_score) in enumerate(zip(best.tolist(), best_scores, strict=True), 1):
        place = index.places[i]
        # The per-object rules explain the place; their total must equal the array score.
        explained = evaluate(child, place, reference_date, policy)
        if explained.score_milli != array_score:
            raise EngineInvariantError(f"scores differ for place {place.id!r}")
        practical: tuple[Reason, ...] = ()
        notices = explained.notices
        if include_practical and scored.reasons[i]:
            practical = tuple(
                r
                for r in check(child, place, reference_date, policy)
                if r.kind is ConstraintKind.PRACTICAL
            )
            flagged = Notice(
                code=NoticeCode.INCLUDED_DESPITE_PRACTICAL,
                params={"codes": tuple(r.code.value for r in practical)},
            )
            notices = (*notices, flagged)
        top.append(
            PlaceExplanation(
                place_id=place.id,
                rank=rank,
                score_milli=explained.score_milli,
                factors=explained.factors,
                gaps=explained.gaps,
                suggested_support=explained.suggested_support,
                notices=notices,
                practical_reasons=practical,
            )
        )
    return RankOutcome(index, child, reference_date, policy, include_practical, scored, tuple(top))


def rank(request: RankRequest, index: PlaceIndex | None = None) -> RankResult:
    """Rank a request's places for its child, reusing ``index`` if it holds the same places."""
    if index is None or index.places != request.places:
        index = PlaceIndex(request.places)
    return rank_child(
        index,
        request.child,
        reference_date=request.reference_date,
        policy=request.policy,
        include_practical=request.include_practical,
        top_k=request.top_k,
    ).result()
