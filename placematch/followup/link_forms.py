# SPDX-License-Identifier: MPL-2.0
"""followup: the forms a secure link may open after the move.

For the child, each parent and the placement: the questionnaire before the next follow-up and
the survey at 1, 3, 6 and 12 months; for the child also the question before a supervision
visit. One live link per form and recipient asks about whatever is open when it is used, so a
link sent before a follow-up also takes the survey's point if that is open (through its own
form). The subject is the child, managed by the child's caseworkers (children's rules);
a parent's pages wait while a text that parent reads names the place (§ 105).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from placematch.audit.services import CHILD_SUBJECT
from placematch.children.link_forms import (
    accepts_parent,
    can_manage,
    links_context,
    organisation_of,
    parent_link_paused,
)
from placematch.children.selectors import parents_of
from placematch.followup.models import PlacementRecord
from placematch.followup.models_voice import Occasion, Respondent
from placematch.involvement import registry

VISIT_FORM = "followup_child_visit"
FORMS: dict[tuple[str, str], str] = {
    (Occasion.CHECK, Respondent.CHILD): "followup_child_check",
    (Occasion.CHECK, Respondent.PARENT): "followup_parent_check",
    (Occasion.CHECK, Respondent.PLACEMENT): "followup_place_check",
    (Occasion.SURVEY, Respondent.CHILD): "followup_child_survey",
    (Occasion.SURVEY, Respondent.PARENT): "followup_parent_survey",
    (Occasion.SURVEY, Respondent.PLACEMENT): "followup_place_survey",
}


@dataclass(frozen=True)
class RecipientLinks:
    """One recipient's link tables on the follow-up tab: the questionnaire and the survey."""

    heading: str
    note: str
    check: dict[str, Any]
    survey: dict[str, Any]
    visit: dict[str, Any] | None = None


def record_links(record: PlacementRecord, *, next_url: str) -> list[RecipientLinks]:
    """The child's, each parent's and the placement's links, for the caseworker's tab."""
    child = record.case.child

    def pair(respondent: str, person: Any = None, label: str = "") -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for occasion in (Occasion.CHECK, Occasion.SURVEY):
            context = links_context(
                FORMS[(occasion, respondent)], child, person=person, next_url=next_url
            )
            if label:
                context["recipient_label"] = label
            found[occasion] = context
        return found

    rows = [
        RecipientLinks(
            heading=child.first_name, note="", **pair(Respondent.CHILD),
            visit=links_context(VISIT_FORM, child, next_url=next_url),
        )
    ]  # fmt: skip
    for person in parents_of(child):
        rows.append(
            RecipientLinks(
                heading=person.name, note=person.relation, **pair(Respondent.PARENT, person)
            )
        )
    place = str(record.place)
    rows.append(
        RecipientLinks(
            heading=pgettext("respondent", "The placement"),
            note=place,
            **pair(Respondent.PLACEMENT, label=place),
        )
    )
    return rows


def _register() -> None:
    # Imported here so that the link views load only when links do.
    from placematch.followup import link_views

    titles: dict[str, Callable[[], str]] = {
        Occasion.CHECK: lambda: _("How is it going?"),
        Occasion.SURVEY: lambda: _("A few questions"),
    }
    parents: dict[str, Any] = {"accepts_person": accepts_parent, "paused": parent_link_paused}
    for (occasion, respondent), key in FORMS.items():
        parent = respondent == Respondent.PARENT
        registry.register(
            registry.LinkFormSpec(
                key=key,
                audience=respondent,
                title=titles[occasion],
                view=link_views.questionnaire(occasion, respondent),
                can_manage=can_manage,
                organisation_of=organisation_of,
                subject_type=CHILD_SUBJECT,
                **(parents if parent else {}),
            )
        )
    registry.register(
        registry.LinkFormSpec(
            key=VISIT_FORM,
            audience="child",
            title=lambda: _("Before the visit"),
            view=link_views.visit_wish,
            can_manage=can_manage,
            organisation_of=organisation_of,
            subject_type=CHILD_SUBJECT,
        )
    )


_register()
