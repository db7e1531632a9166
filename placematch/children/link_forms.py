# SPDX-License-Identifier: MPL-2.0
"""children: the forms a secure link may open (child's wishes, parents' views)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from placematch.audit.services import CHILD_SUBJECT
from placematch.children import disclosure, selectors
from placematch.children.models import Child, RelatedPerson
from placematch.children.selectors import parents_of
from placematch.core.inputs import parse_id
from placematch.involvement import registry
from placematch.involvement.models import SecureLink
from placematch.involvement.selectors import links_for_subject

CHILD_FORM = "child_wishes"
PARENT_FORM = "parent_views"


def _child(subject_id: str) -> Child | None:
    # Only the id's one spelling: "٣" or "03" would make a second live link for the child.
    pk = parse_id(str(subject_id))
    return None if pk is None else Child.objects.filter(pk=pk).first()


def organisation_of(subject_id: str) -> int | None:
    child = _child(subject_id)
    return child.organisation_id if child else None


def can_manage(user: Any, subject_id: str) -> bool:
    """Caseworkers and team leaders who may see one of the child's cases."""
    pk = parse_id(str(subject_id))
    return pk is not None and selectors.visible_cases(user).filter(child_id=pk).exists()


def accepts_parent(subject_id: str, person_id: str) -> bool:
    """A parent's link goes to one of the child's own parents, by the id's one spelling."""
    child = _child(subject_id)
    pk = parse_id(person_id)
    return child is not None and pk is not None and parents_of(child).filter(pk=pk).exists()


def parent_link_paused(link: SecureLink) -> bool:
    """A parent's link waits while a text that parent reads names the place (§ 105)."""
    from placematch.children.link_views import current_case

    child = _child(link.subject_id)
    pk = parse_id(link.person_id)
    if child is None or pk is None or child.organisation_id != link.organisation_id:
        return False
    person = parents_of(child).filter(pk=pk).first()
    case = current_case(child)
    return person is not None and case is not None and disclosure.link_paused(case, person)


def links_context(
    form_key: str, child: Child, *, person: RelatedPerson | None = None, next_url: str = ""
) -> dict[str, Any]:
    """Context for the involvement app's links include, for one recipient."""
    person_id = str(person.pk) if person else ""
    links = links_for_subject(form_keys=[form_key], subject_id=str(child.pk)).filter(
        person_id=person_id
    )
    return {
        "links": list(links),
        "form_key": form_key,
        "subject_id": str(child.pk),
        "person_id": person_id,
        "recipient_label": person.relation if person else child.first_name,
        "next": next_url,
        "person": person,
    }


def _register() -> None:
    # Imported here so that the link views (and their templates) load only when links do.
    from placematch.children import link_views

    registry.register(
        registry.LinkFormSpec(
            key=CHILD_FORM,
            audience="child",
            title=lambda: _("Your wishes"),
            view=link_views.child_wishes,
            can_manage=can_manage,
            organisation_of=organisation_of,
            subject_type=CHILD_SUBJECT,
        )
    )
    registry.register(
        registry.LinkFormSpec(
            key=PARENT_FORM,
            audience="parent",
            title=lambda: _("Your views"),
            view=link_views.parent_views,
            can_manage=can_manage,
            organisation_of=organisation_of,
            subject_type=CHILD_SUBJECT,
            accepts_person=accepts_parent,
            paused=parent_link_paused,
        )
    )


_register()
