# SPDX-License-Identifier: MPL-2.0
"""providers: who may see or do what in the shared registry."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any
from uuid import UUID

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


# Network foster families -------------------------------------------------------------------
#
# A network foster family is approved by one municipality for one named child, so where it lives
# is where that child lives. It is private to the municipality responsible for the child: other
# municipalities never see it, and inside that municipality its street address and contact are
# shown only to those who work on the child's case (and to the consultants who supervise it).


class FamilyView(StrEnum):
    """How much of a provider a user may see in the registry."""

    HIDDEN = "hidden"  # never listed; its pages answer 404
    NO_CONTACT = "no_contact"  # listed and readable, without street address and contact
    FULL = "full"


# Answers whether the user works on the case of any of these children (by opaque reference).
# ``providers`` never imports ``children``; the app that joins them registers the check.
ChildCaseCheck = Callable[[Any, frozenset[UUID]], bool]
_case_checks: list[ChildCaseCheck] = []


def register_case_check(check: ChildCaseCheck) -> ChildCaseCheck:
    if check not in _case_checks:
        _case_checks.append(check)
    return check


def works_on_child(user: Any, child_refs: frozenset[UUID]) -> bool:
    return bool(child_refs) and any(check(user, child_refs) for check in _case_checks)


def network_family_view(
    user: Any, *, provider: Provider, owners: frozenset[int], case_is_theirs: bool
) -> FamilyView:
    """What the user may see of a network foster family (one rule, one row per case in tests).

    ``owners`` are the municipalities responsible for the child: the one that approved the
    family for the child, and the family's responsible municipality (the same in practice).
    """
    if not getattr(user, "is_authenticated", False):
        return FamilyView.HIDDEN
    if is_own_provider(user, provider):
        return FamilyView.FULL
    if not reads_whole_registry(user) or user.organisation_id not in owners:
        return FamilyView.HIDDEN
    if case_is_theirs or user.role == Role.FAMILY_CARE_CONSULTANT:
        return FamilyView.FULL
    return FamilyView.NO_CONTACT


# Support arrangements (seed 002) -------------------------------------------------------------

# Municipal roles that arrange support for the foster families their municipality is responsible
# for: the caseworkers and team leaders who place children there, and the family-care consultants.
SUPPORT_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEADER, Role.FAMILY_CARE_CONSULTANT})


def arranges_support_for(user: Any, family: Provider) -> bool:
    """A user of the family's responsible municipality in a role that arranges support."""
    return bool(
        user.is_authenticated
        and user.is_municipal
        and user.role in SUPPORT_ROLES
        and family.responsible_municipality_id is not None
        and family.responsible_municipality_id == user.organisation_id
    )


def can_arrange_support(user: Any, *, family: Provider, supporter: Provider | None) -> bool:
    """The family's municipality, or the supporting institution's own staff."""
    return arranges_support_for(user, family) or (
        supporter is not None and is_own_provider(user, supporter)
    )
