# SPDX-License-Identifier: MPL-2.0
"""A stored match run, read back for the pages: shortlist, filters, "why not" and comparison.

Everything shown comes from the run's own stored result and the snapshot of places it was made
on, never from today's registry (only the places' names are looked up), so an old run renders
exactly as it was made. Runs never change, so their parsed form is kept per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

from matchengine import ENGINE_VERSION
from matchengine.index import BIT
from matchengine.models import ChildProfile, Coordinates
from matchengine.policy import Policy
from matchengine.rules import evaluate
from matchengine.vocab import ConstraintCode, NeedTag, PlaceType
from placematch.children.models import Child
from placematch.core.codes import label_of
from placematch.core.inputs import ids_in
from placematch.matching import explain
from placematch.matching.indexes import index_for_snapshot
from placematch.matching.models import MatchRun
from placematch.matching.siblings import SIBLING_PARAM
from placematch.providers.models import Place
from placematch.providers.selectors import provider_data_version

PAGE_SIZE = 20
WHY_NOT_PAGE_SIZE = 25
MAX_COMPARE = 4
TYPE_CODES: tuple[str, ...] = tuple(t.value for t in PlaceType)


@dataclass(frozen=True)
class Filters:
    place_type: str = ""
    max_km: int | None = None
    free_only: bool = False
    fresh_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.place_type or self.max_km is not None or self.free_only or self.fresh_only)


@dataclass(frozen=True)
class NeedLine:
    """One of the child's specific needs, beside the target groups of a place's approval."""

    label: str
    covered: bool


@dataclass(frozen=True)
class Candidate:
    place_id: str
    place: Place | None  # None when the place has since been removed from the registry
    rank: int
    score_milli: int
    factors: list[explain.FactorLine]
    gaps: list[explain.GapRow]
    support: list[str]
    notices: list[str]
    practical: list[str]
    type_label: str
    free_places: int
    distance_km: int | None
    vacancy_fresh: bool
    target_groups: list[str]
    needs: list[NeedLine]

    @property
    def score(self) -> str:
        return explain.points(self.score_milli, sign=False)

    @property
    def name(self) -> str:
        return self.place.name if self.place is not None else self.place_id

    @property
    def open_gaps(self) -> int:
        return sum(1 for g in self.gaps if g.open_levels)


@dataclass(frozen=True)
class ReasonGroup:
    code: str
    label: str
    kind: str
    count: int


@dataclass(frozen=True)
class WhyNotRow:
    place_id: str
    place: Place | None
    reasons: list[str]

    @property
    def name(self) -> str:
        return self.place.name if self.place is not None else self.place_id


def _places_by_id(ids: list[str]) -> dict[str, Place]:
    wanted = ids_in(ids)
    return {str(p.pk): p for p in Place.objects.filter(pk__in=wanted).select_related("provider")}


class RunView:
    """One run's result with its places, ready for filtering and paging."""

    def __init__(self, run: MatchRun) -> None:
        self.run = run
        self.result: dict[str, Any] = run.result()
        self.index = index_for_snapshot(run.snapshot)
        self.child = ChildProfile.model_validate(run.child_input)
        self.policy = run.policy.engine_policy() if run.policy is not None else Policy()
        places = self.index.places
        self.type_code = np.array([TYPE_CODES.index(p.type.value) for p in places], dtype=np.int8)
        xy = np.array([p.location.xy_km() for p in places], dtype=np.float64).reshape(-1, 2)
        self.xy = xy
        # The engine's own practical rules say which places have room and a fresh declaration.
        reasons = self.index.reasons(self.child, run.reference_date, self.policy)
        self.has_room = (reasons & np.uint32(BIT[ConstraintCode.NO_FREE_CAPACITY])) == 0
        stale = BIT[ConstraintCode.VACANCY_EXPIRED] | BIT[ConstraintCode.VACANCY_STALE]
        self.fresh = (reasons & np.uint32(stale)) == 0
        ranked = self.result["ranked"]
        self.ranked_pos = np.array(
            [self.index.position[r["place_id"]] for r in ranked], dtype=np.int64
        )
        self.ranked_score = np.array([r["score_milli"] for r in ranked], dtype=np.int64)
        self.top = {t["place_id"]: t for t in self.result["top"]}

    # The child's point for the distance filter: the current school, else a parent's home.
    @cached_property
    def origin(self) -> tuple[float, float] | None:
        point: Coordinates | None = self.child.school_location
        if point is None and self.child.parent_locations and not self.child.non_disclosure:
            point = self.child.parent_locations[0]
        return point.xy_km() if point is not None else None

    @cached_property
    def distances_km(self) -> npt.NDArray[np.float64] | None:
        if self.origin is None:
            return None
        return np.hypot(self.xy[:, 0] - self.origin[0], self.xy[:, 1] - self.origin[1])

    def _mask(self, filters: Filters) -> npt.NDArray[np.bool_]:
        pos = self.ranked_pos
        keep = np.ones(len(pos), dtype=np.bool_)
        if filters.place_type in TYPE_CODES:
            keep &= self.type_code[pos] == TYPE_CODES.index(filters.place_type)
        if filters.max_km is not None and self.distances_km is not None:
            keep &= self.distances_km[pos] <= filters.max_km
        if filters.free_only:
            keep &= self.has_room[pos]
        if filters.fresh_only:
            keep &= self.fresh[pos]
        return keep

    def candidates(
        self, filters: Filters, page: int = 1, size: int = PAGE_SIZE
    ) -> tuple[list[Candidate], int]:
        """One page of the ranked places that pass the filters, and how many pass in all."""
        rows = np.flatnonzero(self._mask(filters))
        start = (max(1, page) - 1) * size
        return self.at_rows(rows[start : start + size].tolist()), len(rows)

    def chosen(self, place_ids: list[str]) -> list[Candidate]:
        """The ranked places among these ids, best first."""
        wanted = {self.index.position[p] for p in place_ids if p in self.index.position}
        return self.at_rows([r for r, pos in enumerate(self.ranked_pos.tolist()) if pos in wanted])

    def at_rows(self, rows: list[int]) -> list[Candidate]:
        """The candidates at these rows of the ranking, with their names in one query."""
        ids = [self.index.ids[int(self.ranked_pos[r])] for r in rows]
        names = _places_by_id(ids)
        return [self._candidate(r, names.get(pid)) for r, pid in zip(rows, ids, strict=True)]

    def explanation(self, place_id: str) -> dict[str, Any]:
        stored = self.top.get(place_id)
        if stored is not None:
            return stored
        # Beyond the stored best places the same rules explain the place from the same inputs.
        place = self.index.places[self.index.position[place_id]]
        made = evaluate(self.child, place, self.run.reference_date, self.policy)
        return {
            "factors": [f.model_dump(mode="json") for f in made.factors],
            "gaps": [g.model_dump(mode="json") for g in made.gaps],
            "suggested_support": [s.model_dump(mode="json") for s in made.suggested_support],
            "notices": [n.model_dump(mode="json") for n in made.notices],
            "practical_reasons": [],
        }

    def _candidate(self, row: int, place: Place | None) -> Candidate:
        position = int(self.ranked_pos[row])
        place_id = self.index.ids[position]
        profile = self.index.places[position]
        data = self.explanation(place_id)
        wish_labels = self.wish_labels
        distance = None if self.distances_km is None else round(float(self.distances_km[position]))
        approved = profile.approval.target_groups
        return Candidate(
            place_id=place_id,
            place=place,
            rank=row + 1,
            score_milli=int(self.ranked_score[row]),
            factors=explain.factor_lines(data["factors"], wish_labels),
            gaps=explain.gap_rows(data["gaps"]),
            support=explain.support_lines(data["suggested_support"]),
            notices=[
                explain.notice_text(n["code"], n.get("params", {}), wish_labels)
                for n in data["notices"]
            ],
            practical=[
                explain.reason_text(r["code"], r.get("params", {}))
                for r in data.get("practical_reasons", [])
            ],
            type_label=label_of(PlaceType, profile.type.value),
            free_places=profile.free_places,
            distance_km=distance,
            vacancy_fresh=bool(self.fresh[position]),
            target_groups=[label_of(NeedTag, t.value) for t in NeedTag if t in approved],
            needs=[
                NeedLine(label_of(NeedTag, t.value), t in approved)
                for t in NeedTag
                if t in self.child.need_tags
            ],
        )

    @cached_property
    def wish_labels(self) -> list[str]:
        return [
            explain.wish_label(
                w.kind.value,
                w.setting.value if w.setting else None,
                w.animals.value if w.animals else None,
            )
            for w in self.child.wishes
        ]

    # Why not ---------------------------------------------------------------------------------

    def excluded(self, hidden: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
        """The places that cannot take the child, less those the reader may not see.

        ``hidden`` holds network foster families of other municipalities: the engine excludes
        them (approved for another child), and the page must not reveal that they exist.
        """
        rows: list[dict[str, Any]] = self.result["excluded"]
        return [e for e in rows if e["place_id"] not in hidden] if hidden else rows

    def reason_groups(self, hidden: frozenset[str] = frozenset()) -> list[ReasonGroup]:
        return self.reason_groups_of(self.excluded(hidden))

    @staticmethod
    def reason_groups_of(rows: list[dict[str, Any]]) -> list[ReasonGroup]:
        """These excluded places counted per reason, in the engine's order of reasons."""
        counts: dict[str, int] = {}
        kinds: dict[str, str] = {}
        for excluded in rows:
            # Places per reason: two siblings may give a place the same reason.
            for code, kind in {r["code"]: r["kind"] for r in excluded["reasons"]}.items():
                counts[code] = counts.get(code, 0) + 1
                kinds[code] = kind
        order = [c.value for c in ConstraintCode]
        return [
            ReasonGroup(code, label_of(ConstraintCode, code), kinds[code], counts[code])
            for code in sorted(counts, key=order.index)
        ]

    def why_not(
        self,
        code: str,
        page: int = 1,
        size: int = WHY_NOT_PAGE_SIZE,
        hidden: frozenset[str] = frozenset(),
    ) -> tuple[list[WhyNotRow], int]:
        """Excluded places with this reason (each with all its reasons), by place id."""
        matching = [
            e for e in self.excluded(hidden) if any(r["code"] == code for r in e["reasons"])
        ]
        start = (max(1, page) - 1) * size
        shown = matching[start : start + size]
        names = _places_by_id([e["place_id"] for e in shown])
        rows = [
            WhyNotRow(
                e["place_id"],
                names.get(e["place_id"]),
                [self.reason_text(r) for r in e["reasons"]],
            )
            for e in shown
        ]
        return rows, len(matching)

    @cached_property
    def sibling_names(self) -> dict[str, str]:
        """The group's other siblings by their ref, for reasons that concern one of them."""
        refs = [str(p.get("id", "")) for p in self.run.siblings_input]
        children = Child.objects.filter(ref__in=[r for r in refs if r])
        return {str(c.ref): c.name for c in children}

    def reason_text(self, reason: dict[str, Any]) -> str:
        """A reason in words; one that concerns a sibling names the sibling."""
        params = reason.get("params", {})
        text = explain.reason_text(reason["code"], params)
        sibling = params.get(SIBLING_PARAM)
        if sibling is None:
            return text
        name = self.sibling_names.get(str(sibling), _("a sibling"))
        return _("For the sibling %(name)s: %(reason)s") % {"name": name, "reason": text}

    # Freshness -------------------------------------------------------------------------------

    def changes_since(self) -> int:
        """How many changes to provider data were made after the run (0: still current)."""
        return max(0, provider_data_version() - self.run.data_version)

    @property
    def engine_changed(self) -> bool:
        return self.run.engine_version != ENGINE_VERSION

    @property
    def left_out(self) -> int:
        return len(self.run.snapshot.left_out)

    @property
    def has_distance(self) -> bool:
        return self.origin is not None


_lock = threading.Lock()
_views: OrderedDict[tuple[int, str], RunView] = OrderedDict()
KEEP_VIEWS = 16


def run_view(run: MatchRun) -> RunView:
    """The run's view, parsed once per process (runs never change)."""
    key = (run.pk, run.created_at.isoformat())
    with _lock:
        view = _views.get(key)
        if view is not None:
            _views.move_to_end(key)
            return view
    view = RunView(run)
    with _lock:
        _views[key] = view
        while len(_views) > KEEP_VIEWS:
            _views.popitem(last=False)
    return view


def forget_views() -> None:
    with _lock:
        _views.clear()


def shortlist(run: MatchRun, limit: int = 10) -> list[Candidate]:
    """The run's best places with their explanations, for meetings and documents."""
    candidates, _total = run_view(run).candidates(Filters(), 1, limit)
    return candidates
