# SPDX-License-Identifier: MPL-2.0
"""Registry of main-menu items: each feature app adds the items its users need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    current: bool = False
    # A name other apps use to place their pages under this item (see ``belongs_to``).
    key: str = ""


# The key of the case list's item, under which every page of one case sits.
CASES = "cases"

NavProvider = Callable[[HttpRequest], list[NavItem]]
_providers: dict[str, NavProvider] = {}
# URL name (``app:view``) -> key of the menu item its page sits under.
_sections: dict[str, str] = {}


def register(name: str) -> Callable[[NavProvider], NavProvider]:
    """Register a function returning the menu items for the current user (may be empty)."""

    def decorator(func: NavProvider) -> NavProvider:
        _providers[name] = func
        return func

    return decorator


def belongs_to(key: str, *url_names: str) -> None:
    """Place pages whose address lies outside the item's under the menu item with ``key``.

    A page under a case (its match, inquiries, decisions, preparation, follow-up) is reached
    from the case list, so that item is the current one, whichever app draws the page.
    """
    for name in url_names:
        _sections[name] = key


def current_item(items: list[NavItem], path: str, url_name: str) -> NavItem | None:
    """The one item a page sits under: the one claiming its URL name, else the longest prefix."""
    key = _sections.get(url_name)
    if key:
        for item in items:
            if item.key == key:
                return item
    prefixed = [i for i in items if i.url != "/" and path.startswith(i.url)]
    return max(prefixed, key=lambda i: len(i.url), default=None)


def items_for(request: HttpRequest) -> list[NavItem]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return []
    items = [item for provider in _providers.values() for item in provider(request)]
    match = getattr(request, "resolver_match", None)
    current = current_item(items, request.path, match.view_name if match else "")
    marked = [replace(i, current=i is current) for i in items]
    return sorted(marked, key=lambda i: i.order)
