# SPDX-License-Identifier: MPL-2.0
"""Tabs that apps above children add to a case's pages (e.g. inquiries)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseTab:
    key: str  # the page name that marks the tab as current
    label: Callable[[], str]  # translated when the page renders
    url_name: str  # a URL pattern taking the case's pk
    order: int = 100


_tabs: dict[str, CaseTab] = {}


def register(tab: CaseTab) -> None:
    _tabs[tab.key] = tab


def tabs() -> list[CaseTab]:
    return sorted(_tabs.values(), key=lambda t: t.order)
