# SPDX-License-Identifier: MPL-2.0
"""preparation: the two feedback forms a secure link may open, for the child and a parent."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from placematch.audit.services import CHILD_SUBJECT
from placematch.children.link_forms import (
    accepts_parent,
    can_manage,
    links_context,
    organisation_of,
    parent_link_paused,
)
from placematch.children.selectors import parents_of
from placematch.involvement import registry
from placematch.preparation.models import PreparationPlan

# One live link per child or parent asks about every held meeting they have not answered yet,
# so a new meeting needs no new link while the old one is still valid.
CHILD_FEEDBACK = "prep_child_feedback"
PARENT_FEEDBACK = "prep_parent_feedback"


def plan_links(plan: PreparationPlan, *, next_url: str) -> dict[str, Any]:
    """The link tables for the plan page: the child's and each parent's."""
    child = plan.case.child
    return {
        "child": links_context(CHILD_FEEDBACK, child, next_url=next_url),
        "parents": [
            links_context(PARENT_FEEDBACK, child, person=p, next_url=next_url)
            for p in parents_of(child)
        ],
    }


def _register() -> None:
    # Imported here so that the link views load only when links do.
    from placematch.preparation import link_views

    registry.register(
        registry.LinkFormSpec(
            key=CHILD_FEEDBACK,
            audience="child",
            title=lambda: _("How was the meeting?"),
            view=link_views.child_feedback,
            can_manage=can_manage,
            organisation_of=organisation_of,
            subject_type=CHILD_SUBJECT,
        )
    )
    registry.register(
        registry.LinkFormSpec(
            key=PARENT_FEEDBACK,
            audience="parent",
            title=lambda: _("Feedback on the meeting"),
            view=link_views.parent_feedback,
            can_manage=can_manage,
            organisation_of=organisation_of,
            subject_type=CHILD_SUBJECT,
            accepts_person=accepts_parent,
            paused=parent_link_paused,
        )
    )


_register()
