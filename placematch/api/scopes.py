# SPDX-License-Identifier: MPL-2.0
"""The areas a token may be given, read or write, and which kind of organisation has which."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from placematch.accounts.models import OrganisationKind


class Area(StrEnum):
    INQUIRIES = "inquiries"
    CAPACITY = "capacity"
    CASES = "cases"
    DECISIONS = "decisions"
    TASKS = "tasks"


class Access(StrEnum):
    READ = "read"
    WRITE = "write"


AREA_LABELS = {
    Area.INQUIRIES: _("Inquiries and answers"),
    Area.CAPACITY: _("Places, capacity and vacancies"),
    Area.CASES: _("Case status"),
    Area.DECISIONS: _("Decisions and their documents"),
    Area.TASKS: _("Tasks"),
}

# A place's own system reads its inquiries and places; the municipality's case system its cases.
AREAS_BY_KIND: dict[str, tuple[Area, ...]] = {
    OrganisationKind.PROVIDER: (Area.INQUIRIES, Area.CAPACITY),
    OrganisationKind.MUNICIPALITY: (Area.CASES, Area.DECISIONS, Area.TASKS),
}
# Areas where the API has something to write; the others are read-only.
WRITABLE = frozenset({Area.INQUIRIES, Area.CAPACITY})


def scope(area: Area, access: Access) -> str:
    return f"{area.value}:{access.value}"


def scopes_for(kind: str) -> list[str]:
    """Every scope an organisation of this kind may give a token, in a stable order."""
    found = []
    for area in AREAS_BY_KIND.get(kind, ()):
        found.append(scope(area, Access.READ))
        if area in WRITABLE:
            found.append(scope(area, Access.WRITE))
    return found


def grants(held: list[str], area: Area, access: Access) -> bool:
    """A write scope includes reading the same area."""
    if scope(area, access) in held:
        return True
    return access is Access.READ and scope(area, Access.WRITE) in held
