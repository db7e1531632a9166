# SPDX-License-Identifier: MPL-2.0
"""accounts: the rules that turn an identity provider's claims into a role, or a refusal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from placematch.accounts.models import ROLES_BY_KIND, OrganisationKind


class Refusal(StrEnum):
    """Why a sign-in through an identity provider was refused; each has its own message."""

    NO_ROLE = "no_role"  # the claims map to no role in this organisation
    DEACTIVATED = "deactivated"  # the account exists and is deactivated
    NO_SUBJECT = "no_subject"  # the provider named no subject (sub)
    STATE = "state"  # the callback's state is unknown: too old, reused or forged
    PROVIDER_ERROR = "provider_error"  # the provider answered with an error
    INVALID = "invalid"  # the token or the answer could not be trusted
    UNAVAILABLE = "unavailable"  # the provider did not answer


@dataclass(frozen=True)
class RoleRule:
    value: str
    role: str
    priority: int


@dataclass(frozen=True)
class MappingConfig:
    """What one provider's claims mean: its roles claim, its rules and its two-factor proof."""

    organisation_kind: str
    roles_claim: str
    rules: Sequence[RoleRule]
    two_factor_claim: str = ""  # "", "acr" or "amr"
    two_factor_values: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MappedClaims:
    subject: str
    role: str | None
    refusal: Refusal | None
    two_factor: bool
    first_name: str
    last_name: str
    email: str


def _values(claim: object) -> list[str]:
    """A claim's values: a list of strings, or one string (some providers send one group)."""
    if isinstance(claim, str):
        return [claim]
    if isinstance(claim, list | tuple):
        return [item for item in claim if isinstance(item, str)]
    return []


def role_for(config: MappingConfig, claims: Mapping[str, object]) -> str | None:
    """The role of the first matching rule by priority, if the organisation's kind allows it."""
    values = set(_values(claims.get(config.roles_claim)))
    allowed = ROLES_BY_KIND.get(OrganisationKind(config.organisation_kind), frozenset())
    for rule in sorted(config.rules, key=lambda rule: (rule.priority, rule.value)):
        if rule.value in values and rule.role in allowed:
            return rule.role
    return None


def two_factor_proven(config: MappingConfig, claims: Mapping[str, object]) -> bool:
    """True only when the configured acr or amr claim carries one of the configured values."""
    if config.two_factor_claim not in ("acr", "amr") or not config.two_factor_values:
        return False
    return any(
        value in config.two_factor_values for value in _values(claims.get(config.two_factor_claim))
    )


def _text(claims: Mapping[str, object], name: str, limit: int) -> str:
    value = claims.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def claims_map(config: MappingConfig, claims: Mapping[str, object]) -> MappedClaims:
    """Read subject, name, e-mail, role and two-factor from the claims; refuse without a role."""
    subject = _text(claims, "sub", 255)
    role = role_for(config, claims)
    refusal = None
    if not subject:
        refusal = Refusal.NO_SUBJECT
    elif role is None:
        refusal = Refusal.NO_ROLE
    first_name = _text(claims, "given_name", 150)
    last_name = _text(claims, "family_name", 150)
    if not first_name and not last_name:
        first_name = _text(claims, "name", 150)
    email = _text(claims, "email", 254) if claims.get("email_verified", True) is not False else ""
    return MappedClaims(
        subject=subject,
        role=role,
        refusal=refusal,
        two_factor=two_factor_proven(config, claims),
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
