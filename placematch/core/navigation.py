# SPDX-License-Identifier: MPL-2.0
"""Registry of main-menu items: each feature app adds the items its users need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    current: bool = False


NavProvider = Callable[[HttpRequest], list[NavItem]]
_providers: dict[str, NavProvider] = {}


def register(name: str) -> Callable[[NavProvider], NavProvider]:
    """Register a function returning the menu items for the current user (may be empty)."""

    def decorator(func: NavProvider) -> NavProvider:
        _providers[name] = func
        return func

    return decorator


def items_for(request: HttpRequest) -> list[NavItem]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return []
    items = [item for provider in _providers.values() for item in provider(request)]
    path = request.path
    marked = [
        NavItem(i.label, i.url, i.order, current=path.startswith(i.url) and i.url != "/")
        for i in items
    ]
    return sorted(marked, key=lambda i: i.order)
