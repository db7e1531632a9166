# SPDX-License-Identifier: MPL-2.0
"""The national dataset's shared parts: its sizes at a scale, fictitious names, its context.

``manage.py national_data`` builds a country-sized, visibly fictitious database for load tests:
each app's ``national.py`` adds its part in layer order (as ``demo.py`` does for the demo), in
bulk, keeping the invariants the app's services keep. The first municipalities are lived through
the demo's own loaders (every service of the course: match runs, inquiries, decisions, moves
and three years of follow-up), so every later stage has real records behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from placematch.core.demo import DemoContext

# Fictitious town names: a stem and an ending, 14 x 7 = 98 municipalities.
STEMS = (
    "Ådal", "Bakke", "Skov", "Eng", "Sø", "Mose", "Lyng", "Fjord", "Hede", "Klit", "Bøge",
    "Ege", "Aske", "Linde",
)  # fmt: skip
ENDINGS = ("by", "lund", "sted", "rup", "holm", "købing", "havn")
FULL = {
    "municipalities": 98,
    "children": 15_000,
    "providers": 10_000,
    "places": 20_000,
    "access_log": 1_000_000,
    # Municipalities whose cases are lived through the services by the demo's loaders.
    "lived": 10,
}
# Caseworkers per municipality (two teams); every other municipal role has one user.
CASEWORKERS = 4


def municipality_names(count: int) -> list[tuple[str, str]]:
    """(code, name) pairs; the first two are the demo's municipalities."""
    names = [("901", "Ådalen Kommune (fiktiv)"), ("902", "Bakkeby Kommune (fiktiv)")]
    stems = [f"{stem}{ending}" for ending in ENDINGS for stem in STEMS]
    for number, stem in enumerate(s for s in stems if s not in {"Ådalby", "Bakkeby"}):
        if len(names) >= count:
            break
        names.append((str(903 + number), f"{stem} Kommune (fiktiv)"))
    return names[:count]


@dataclass
class NationalContext:
    """What the national dataset's parts share: the sizes, the demo context, what was built."""

    scale: float
    demo: DemoContext
    sizes: dict[str, int] = field(default_factory=dict)
    # Filled by accounts: every municipality by code, the caseworkers of each and their teams.
    municipalities: dict[str, Any] = field(default_factory=dict)
    caseworkers: dict[str, list[Any]] = field(default_factory=dict)
    teams: dict[str, list[Any]] = field(default_factory=dict)
    # The users every part may name in its rows (the access log's readers).
    readers: list[Any] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def at(cls, scale: float, demo: DemoContext) -> NationalContext:
        sizes = {key: max(1, round(value * scale)) for key, value in FULL.items()}
        sizes["municipalities"] = max(2, sizes["municipalities"])
        sizes["lived"] = min(sizes["lived"], sizes["municipalities"])
        return cls(scale=scale, demo=demo, sizes=sizes)
