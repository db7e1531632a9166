# SPDX-License-Identifier: MPL-2.0
"""evaluation: k-anonymity of the export on its quasi-identifiers (age band, sex, place type,
municipality): generalise step by step, then suppress the rows of groups still too small.

Generalisation is full-domain: one level of the ladder applies to every row, so a column means
the same in every row of an export. The first level at which suppressing the small groups costs
at most ``MAX_SUPPRESSED_SHARE`` of the rows is taken; if none does, the level that suppresses
the fewest. A group counts distinct children, not rows, since five rows of one child hide no one.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from matchengine.vocab import PlaceType

K = 5
MAX_SUPPRESSED_SHARE = 0.05
HIDDEN = "*"

# Coarse classes of place type: family care, residential care, living on one's own.
PLACE_CLASS: dict[str, str] = {
    PlaceType.FOSTER_FAMILY_GENERAL.value: "family_care",
    PlaceType.FOSTER_FAMILY_REINFORCED.value: "family_care",
    PlaceType.FOSTER_FAMILY_SPECIALISED.value: "family_care",
    PlaceType.FOSTER_FAMILY_NETWORK.value: "family_care",
    PlaceType.RESIDENTIAL_INSTITUTION.value: "residential",
    PlaceType.SMALL_RESIDENTIAL_HOME.value: "residential",
    PlaceType.SECURE_UNIT.value: "residential",
    PlaceType.PARTLY_CLOSED_UNIT.value: "residential",
    PlaceType.OWN_ROOM.value: "independent",
    PlaceType.BOARDING_SCHOOL.value: "independent",
}


@dataclass(frozen=True)
class Quasi:
    """A row's quasi-identifiers as recorded: age in whole years at the start, and codes."""

    age: int
    sex: str
    place_type: str
    municipality: str


@dataclass(frozen=True)
class Level:
    """One step of the ladder: age bands by their lower bounds, coarse place types, sex shown."""

    number: int
    age_bounds: tuple[int, ...]
    coarse_place: bool = False
    hide_sex: bool = False

    def age_band(self, age: int) -> str:
        bounds = self.age_bounds
        for low, high in itertools.pairwise(bounds):
            if low <= age < high:
                return f"{low}-{high - 1}"
        return f"{bounds[-1]}+" if age >= bounds[-1] else HIDDEN

    def generalise(self, quasi: Quasi) -> Generalised:
        return Generalised(
            age_band=self.age_band(quasi.age),
            sex=HIDDEN if self.hide_sex else quasi.sex,
            place_type=PLACE_CLASS.get(quasi.place_type, HIDDEN)
            if self.coarse_place
            else quasi.place_type,
            municipality=quasi.municipality,
        )


@dataclass(frozen=True)
class Generalised:
    """A row's quasi-identifiers as exported."""

    age_band: str
    sex: str
    place_type: str
    municipality: str


LADDER: tuple[Level, ...] = (
    Level(0, (0, 3, 6, 10, 14, 16, 18)),
    Level(1, (0, 6, 12, 18)),
    Level(2, (0, 6, 12, 18), coarse_place=True),
    Level(3, (0, 12, 18), coarse_place=True),
    Level(4, (0, 18), coarse_place=True),
    Level(5, (0, 18), coarse_place=True, hide_sex=True),
)


@dataclass(frozen=True)
class Anonymised:
    """What the check did: the level taken, each row's exported values, the rows suppressed."""

    level: Level
    values: tuple[Generalised, ...]
    suppressed: frozenset[int]  # indexes into the rows given
    smallest_group: int  # children in the smallest group kept (0 when nothing is kept)

    @property
    def kept(self) -> list[int]:
        return [i for i in range(len(self.values)) if i not in self.suppressed]


def _groups(children: Sequence[str], values: Sequence[Generalised]) -> dict[Generalised, set[str]]:
    groups: dict[Generalised, set[str]] = defaultdict(set)
    for child, value in zip(children, values, strict=True):
        groups[value].add(child)
    return groups


def _try(level: Level, children: Sequence[str], quasis: Sequence[Quasi], k: int) -> Anonymised:
    values = tuple(level.generalise(q) for q in quasis)
    groups = _groups(children, values)
    small = {value for value, members in groups.items() if len(members) < k}
    suppressed = frozenset(i for i, value in enumerate(values) if value in small)
    sizes = [len(members) for value, members in groups.items() if value not in small]
    return Anonymised(level, values, suppressed, min(sizes, default=0))


def k_anonymise(
    children: Sequence[str],
    quasis: Sequence[Quasi],
    *,
    k: int = K,
    max_suppressed_share: float = MAX_SUPPRESSED_SHARE,
) -> Anonymised:
    """Generalise up the ladder, then suppress rows in groups of fewer than ``k`` children.

    ``children[i]`` is the child of row ``i`` (any stable key), ``quasis[i]`` its values.
    """
    if len(children) != len(quasis):
        raise ValueError("one child per row")
    tries = [_try(level, children, quasis, k) for level in LADDER]
    allowed = max_suppressed_share * len(quasis)
    for result in tries:
        if len(result.suppressed) <= allowed:
            return result
    return min(tries, key=lambda r: (len(r.suppressed), r.level.number))
