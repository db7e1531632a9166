# SPDX-License-Identifier: MPL-2.0
"""Offline lookup of Danish postcodes: name and coordinates, from a data set shipped on PyPI."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from countrystatecity_postal_codes import get_postcodes_of_country


@dataclass(frozen=True, slots=True)
class Postcode:
    """One Danish postcode with its town name and a representative point."""

    code: str
    name: str
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def _table() -> dict[str, Postcode]:
    table: dict[str, Postcode] = {}
    for row in get_postcodes_of_country("DK"):
        if row.latitude is None or row.longitude is None or not row.localityName:
            continue
        # Some codes appear more than once (street-level entries); keep the first full one.
        table.setdefault(
            str(row.code),
            Postcode(str(row.code), row.localityName, float(row.latitude), float(row.longitude)),
        )
    return table


def lookup(code: str | int | None) -> Postcode | None:
    """The postcode, or None when it is not a known Danish postcode."""
    if code is None:
        return None
    text = str(code).strip()
    if len(text) != 4 or not text.isdigit():
        return None
    return _table().get(text)


def is_known(code: str | int | None) -> bool:
    return lookup(code) is not None


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Postcode]:
    by_name: dict[str, Postcode] = {}
    for postcode in sorted(_table().values(), key=lambda p: p.code):
        by_name.setdefault(postcode.name.casefold(), postcode)
    return by_name


def find(text: str | None) -> Postcode | None:
    """The postcode a person means by "8600", "8600 Silkeborg" or "Silkeborg"; None if unknown.

    A town with several postcodes gives its lowest one; a code with a name must name its town.
    """
    words = " ".join(str(text or "").split())
    if not words:
        return None
    code, _space, name = words.partition(" ")
    if len(code) == 4 and code.isdigit():
        found = lookup(code)
        if found is None or (name and name.casefold() != found.name.casefold()):
            return None
        return found
    return _by_name().get(words.casefold())


def label(postcode: Postcode) -> str:
    """How a postcode is shown and picked from a list: "8600 Silkeborg"."""
    return f"{postcode.code} {postcode.name}"


def all_postcodes() -> list[Postcode]:
    return sorted(_table().values(), key=lambda p: p.code)


def distance_km(a: Postcode, b: Postcode) -> float:
    """Great-circle distance between two postcodes' points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
