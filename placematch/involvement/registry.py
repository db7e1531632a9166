# SPDX-License-Identifier: MPL-2.0
"""The forms a secure link may open: feature apps register one spec per form at start-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from placematch.accounts.models import User
    from placematch.involvement.models import SecureLink

AUDIENCES = ("child", "parent", "placement")


def never_paused(link: SecureLink) -> bool:
    return False


def subject_only(subject_id: str, person_id: str) -> bool:
    """The default recipient rule: the link is for the subject, not for another person."""
    return person_id == ""


@dataclass(frozen=True)
class LinkFormSpec:
    """One form a link may open, and how the owning app answers for its subject."""

    key: str  # e.g. "child_wishes", "parent_views"
    audience: str  # "child", "parent" or "placement" (a foster family or a home's staff)
    title: Callable[[], str]  # translated name, e.g. lambda: _("Your wishes")
    # Renders and handles the form for the link's subject; called only inside a valid link
    # session. step is "" for the first page; other steps come from /l/form/<step>/.
    view: Callable[[HttpRequest, SecureLink, str], HttpResponse]
    # May this (municipal) user issue, see and revoke links for this subject?
    can_manage: Callable[[User, str], bool]
    # Which organisation owns the subject; None if unknown (the link then answers 404).
    organisation_of: Callable[[str], int | None]
    # Whose data it is, for the access log ("children.child"); the form key when empty.
    subject_type: str = ""
    # May a link for this subject go to this person (person id "" is the subject)? The owning
    # app knows its people: e.g. only the child's own parents, so never another municipality's.
    accepts_person: Callable[[str, str], bool] = subject_only
    # Is the form paused for this link? E.g. under non-disclosure (§ 105) while a text the
    # recipient would read names the place. The page then says only that it is not available
    # right now: it must not hint at why.
    paused: Callable[[SecureLink], bool] = never_paused

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, not {self.audience!r}")
        if not self.key or len(self.key) > 50:
            raise ValueError("key must be 1 to 50 characters")

    @property
    def log_subject_type(self) -> str:
        return self.subject_type or f"involvement.{self.key}"


_specs: dict[str, LinkFormSpec] = {}


def register(spec: LinkFormSpec) -> None:
    """Register (or replace, e.g. on a module reload) the spec under its key."""
    _specs[spec.key] = spec


def unregister(key: str) -> None:
    """Remove a spec; links to it stop working (tests use this)."""
    _specs.pop(key, None)


def get(key: str) -> LinkFormSpec:
    """The spec for a key; KeyError if no app registered it."""
    return _specs[key]


def specs() -> list[LinkFormSpec]:
    return sorted(_specs.values(), key=lambda s: s.key)
