# SPDX-License-Identifier: MPL-2.0
"""Demo data shared parts: a seeded random source, fixed fictional names, the loading context."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password

DEMO_SEED = 20261123
# Not a secret: it only works on a DEBUG instance loaded with demo data.
DEMO_PASSWORD = "demo-adgang-2026"  # noqa: S105

# Visibly fictitious: surnames that say "example", "test", "fiction" in Danish.
FIRST_NAMES = (
    "Alma",
    "Asger",
    "Bertil",
    "Cecilie",
    "Dagmar",
    "Emil",
    "Frida",
    "Gustav",
    "Halfdan",
    "Ida",
    "Johan",
    "Karla",
    "Lauge",
    "Malou",
    "Nanna",
    "Oskar",
    "Pil",
    "Rasmus",
    "Sigrid",
    "Tage",
    "Ulla",
    "Vilja",
    "Wilhelm",
    "Yrsa",
    "Aksel",
    "Bodil",
    "Carl",
    "Ditte",
    "Eskild",
    "Freja",
    "Gry",
    "Holger",
    "Inger",
    "Jens",
    "Kamma",
    "Leif",
    "Mette",
    "Njal",
    "Otto",
    "Petra",
    "Rune",
    "Selma",
    "Tove",
    "Uffe",
    "Vagn",
    "Åse",
)
SURNAMES = (
    "Eksempelsen",
    "Testesen",
    "Prøvesen",
    "Fiktivsen",
    "Demosen",
    "Opdigtsen",
    "Eksemplar",
    "Prøvegaard",
    "Testrup",
    "Fiktivholm",
    "Demolund",
    "Påtænktsen",
)
MUNICIPALITIES = (
    ("901", "Ådalen Kommune (fiktiv)"),
    ("902", "Bakkeby Kommune (fiktiv)"),
)


@dataclass
class DemoContext:
    """What one demo load shares between the apps' demo.py modules, in layer order."""

    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    password_hash: str = field(default_factory=lambda: make_password(DEMO_PASSWORD))
    # Filled by accounts: municipalities by code, users by (municipality code, role).
    municipalities: dict[str, Any] = field(default_factory=dict)
    users: dict[tuple[str, str], Any] = field(default_factory=dict)
    # Anything an app wants to hand to a later one, keyed by a name it documents.
    shared: dict[str, Any] = field(default_factory=dict)

    def person_name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)


def load(ctx: DemoContext) -> None:
    """core has no demo data of its own."""
