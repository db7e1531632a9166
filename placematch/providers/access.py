# SPDX-License-Identifier: MPL-2.0
"""providers: who may see or do what in the shared registry."""

from __future__ import annotations

from typing import Any

from placematch.accounts.access import REGISTRY_READ_ROLES
from placematch.accounts.models import PROVIDER_ROLES, Role
from placematch.providers.models import Provider


def reads_whole_registry(user: Any) -> bool:
    """Municipal users (not analysts) read every provider; provider users only their own."""
    return bool(user.is_authenticated and user.is_municipal and user.role in REGISTRY_READ_ROLES)


def is_own_provider(user: Any, provider: Provider) -> bool:
    return bool(
        user.is_authenticated
        and user.is_provider_user
        and user.role in PROVIDER_ROLES
        and user.organisation_id == provider.organisation_id
    )


def is_responsible_consultant(user: Any, provider: Provider) -> bool:
    """A family-care consultant of the municipality that approved or supervises the family."""
    return bool(
        user.is_authenticated
        and user.is_municipal
        and user.role == Role.FAMILY_CARE_CONSULTANT
        and provider.is_foster_family
        and provider.responsible_municipality_id is not None
        and provider.responsible_municipality_id == user.organisation_id
    )


def can_read_provider(user: Any, provider: Provider) -> bool:
    return reads_whole_registry(user) or is_own_provider(user, provider)


def can_edit_provider(user: Any, provider: Provider) -> bool:
    """The provider's own users, and for a foster family its responsible consultants."""
    return is_own_provider(user, provider) or is_responsible_consultant(user, provider)


def sees_foster_family_type(user: Any) -> bool:
    """The foster-family type (general, reinforced, ...) is for placing municipalities only."""
    return bool(user.is_authenticated and user.is_municipal)
