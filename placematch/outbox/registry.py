# SPDX-License-Identifier: MPL-2.0
"""outbox: the apps that cause messages say who may resend them (outbox knows no feature app)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from placematch.accounts.models import User


def _always(source_id: str) -> bool:
    return True


@dataclass(frozen=True)
class SourceSpec:
    """One kind of cause, e.g. "involvement.securelink" for a link's messages."""

    source_type: str
    # May this user see and resend the messages of this source? False answers 404.
    can_manage: Callable[[User, str], bool]
    # Is the source still worth a resend (a link not yet expired or revoked)?
    still_valid: Callable[[str], bool] = _always


_sources: dict[str, SourceSpec] = {}


def register(spec: SourceSpec) -> None:
    _sources[spec.source_type] = spec


def get(source_type: str) -> SourceSpec | None:
    return _sources.get(source_type)
