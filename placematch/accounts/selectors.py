# SPDX-License-Identifier: MPL-2.0
"""accounts: reads of users, devices and organisations."""

from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.models import IdentityProvider, Organisation, OrganisationKind, User


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def unconfirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def municipalities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, is_active=True)


def colleagues(user: User) -> QuerySet[User]:
    """Active users of the same organisation."""
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id, is_active=True, is_system=False
    )


def active_identity_providers() -> QuerySet[IdentityProvider]:
    """The identity providers offered on the login page: active, of active organisations."""
    return IdentityProvider.objects.filter(is_active=True, organisation__is_active=True)
