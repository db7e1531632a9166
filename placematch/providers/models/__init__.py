# SPDX-License-Identifier: MPL-2.0
"""providers: database models (registry, capacity profiles, vacancies, occupancy ledger)."""

from placematch.providers.models.ledger import (
    Placement,
    PlacementStatus,
    Reservation,
    ReservationKind,
    ReservationStatus,
    VacancyDeclaration,
)
from placematch.providers.models.profiles import CapacityProfile, SupportArrangement
from placematch.providers.models.registry import (
    FOSTER_FAMILY_TYPES,
    Approval,
    Authority,
    Place,
    Provider,
    ProviderDataChange,
    ProviderDataVersion,
)

__all__ = [
    "FOSTER_FAMILY_TYPES",
    "Approval",
    "Authority",
    "CapacityProfile",
    "Place",
    "Placement",
    "PlacementStatus",
    "Provider",
    "ProviderDataChange",
    "ProviderDataVersion",
    "Reservation",
    "ReservationKind",
    "ReservationStatus",
    "SupportArrangement",
    "VacancyDeclaration",
]
