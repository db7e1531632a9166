# SPDX-License-Identifier: MPL-2.0
"""Access classes that every route declares, so one test can check them all."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "placematch_access_class"


class AccessClass(StrEnum):
    """Who may reach a route; see docs/architecture.md for the expected answers per class."""

    MUNICIPALITY = "municipality"  # own municipality and a permitted role, else 404
    REGISTRY = "registry"  # municipal users read; provider users only their own provider
    PROVIDER = "provider"  # that provider's users only
    SIGNED_IN = "signed_in"  # any logged-in user, about their own account only
    PUBLIC = "public"  # anyone, logged in or not
    TOKEN = "token"  # only with a valid secure link or the operator's token  # noqa: S105
    ADMIN = "admin"  # Django admin: superusers only
    API = "api"  # the open API: an organisation's API token, else 401; sessions never count


def mark(view: ViewT, access_class: AccessClass) -> ViewT:
    """Record the access class on a view function so the route matrix can read it."""
    setattr(view, ACCESS_ATTRIBUTE, access_class)
    return view


def access_class_of(view: Callable[..., Any]) -> AccessClass | None:
    """The access class a view declared, looking through wrappers; None if undeclared."""
    seen: Callable[..., Any] | None = view
    while seen is not None:
        declared = getattr(seen, ACCESS_ATTRIBUTE, None)
        if declared is not None:
            return AccessClass(declared)
        seen = getattr(seen, "__wrapped__", None)
    return None


def public(view: ViewT) -> ViewT:
    """Declare a route open to anyone (login page, language switch, health check)."""
    return mark(view, AccessClass.PUBLIC)
