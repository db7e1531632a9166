# SPDX-License-Identifier: MPL-2.0
"""Registry of dashboard cards: each feature app contributes the cards its users need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class Card:
    """One card on a dashboard: a title, a short text, optional rows and a link."""

    title: str
    text: str = ""
    rows: list[tuple[str, str]] = field(default_factory=list)
    link_url: str = ""
    link_text: str = ""
    order: int = 100
    planned: bool = False  # a card that says which later feature will fill it


CardProvider = Callable[[HttpRequest], list[Card]]
_providers: list[tuple[str, CardProvider]] = []


def register(name: str) -> Callable[[CardProvider], CardProvider]:
    """Register a function that returns cards for the current user."""

    def decorator(func: CardProvider) -> CardProvider:
        if all(existing != name for existing, _ in _providers):
            _providers.append((name, func))
        return func

    return decorator


def cards_for(request: HttpRequest) -> list[Card]:
    cards: list[Card] = []
    for _name, provider in _providers:
        cards.extend(provider(request))
    return sorted(cards, key=lambda c: (c.planned, c.order, str(c.title)))


def registered_names() -> list[str]:
    return [name for name, _ in _providers]
