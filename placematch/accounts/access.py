# SPDX-License-Identifier: MPL-2.0
"""Route decorators that enforce each access class: who may reach a view at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from placematch.accounts.models import MUNICIPAL_ROLES, PROVIDER_ROLES, Role, User
from placematch.core.routes import AccessClass, mark

View = Callable[..., HttpResponse]

# Municipal roles that may read the shared registry of places (analysts see aggregates only).
REGISTRY_READ_ROLES = frozenset(MUNICIPAL_ROLES - {Role.ANALYST})


def _guard(
    access_class: AccessClass, allowed: Callable[[User], bool], roles: Iterable[str] = ()
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            assert isinstance(user, User)
            if not user.is_active or not allowed(user):
                # Forbidden and missing look the same, so nothing leaks about what exists.
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return mark(wrapper, access_class)

    return decorator


def municipality_route(*roles: Role) -> Callable[[View], View]:
    """A route on a municipality's own data, for the named roles of that municipality."""
    if not roles:
        raise ValueError("municipality_route needs at least one role")
    wanted = frozenset(roles)
    return _guard(AccessClass.MUNICIPALITY, lambda u: u.is_municipal and u.role in wanted, wanted)


def registry_route(*, providers: bool = True) -> Callable[[View], View]:
    """A route on the shared registry: municipal users read; provider users see their own."""

    def allowed(user: User) -> bool:
        if user.is_municipal:
            return user.role in REGISTRY_READ_ROLES
        return providers and user.is_provider_user and user.role in PROVIDER_ROLES

    roles = REGISTRY_READ_ROLES | (PROVIDER_ROLES if providers else frozenset())
    return _guard(AccessClass.REGISTRY, allowed, roles)


def provider_route(*roles: Role) -> Callable[[View], View]:
    """A route on a provider's own data, for that provider's users."""
    wanted = frozenset(roles) if roles else PROVIDER_ROLES
    return _guard(AccessClass.PROVIDER, lambda u: u.is_provider_user and u.role in wanted, wanted)


def signed_in_route(view: View) -> View:
    """A route about the user's own account (dashboard, two-factor set-up, logout)."""
    return _guard(AccessClass.SIGNED_IN, lambda u: u.organisation_id is not None or u.is_superuser)(
        view
    )


def user_is_provider_of(user: Any, organisation_id: int | None) -> bool:
    """True when the user works for the provider organisation with this id."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_provider_user
        and user.organisation_id == organisation_id
    )
