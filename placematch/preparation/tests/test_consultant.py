# SPDX-License-Identifier: MPL-2.0
"""The family-care consultant's pages: scoped to the families their municipality supports,
showing the placement's side only, and refusing bad marks with a Danish message."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.preparation import services
from placematch.preparation.models import ChecklistItem, Party, PreparationPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def family_plan(decided: dict[str, Any], plan: PreparationPlan, other_municipality):
    """The decided foster family is supervised by the other municipality (it lies there)."""
    family = decided["place"].provider
    family.responsible_municipality = other_municipality
    family.save(update_fields=["responsible_municipality"])
    return services.move_date_set(
        actor=decided["caseworker"], plan=plan,
        move_date=timezone.localdate() + datetime.timedelta(days=20),
    )  # fmt: skip


def consultant(world: dict[str, Any], key: str = "other"):
    return world["users"][(key, Role.FAMILY_CARE_CONSULTANT)]


def placement_item(plan: PreparationPlan) -> ChecklistItem:
    return plan.checklist.filter(party=Party.PLACEMENT).order_by("pk")[0]


def test_the_supporting_consultant_sees_the_placement_side_only(decided, family_plan, client_for):
    client = client_for(consultant(decided))
    listing = client.get("/preparation/families/").content.decode()
    assert "Vilja" in listing and "Plejefamilien Prøvesen (fiktiv)" in listing
    page = client.get(f"/preparation/families/{family_plan.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    move = family_plan.move_date.strftime("%d.%m.%Y")
    for shown in ("Forberedelse af flytningen for Vilja", "Ådalen Kommune (fiktiv)", move):
        assert shown in html, shown
    assert placement_item(family_plan).text in html
    # Never the case: last name, wishes, the child's words, the parents, other parties' items.
    for hidden in ("Fiktivholm", "Balder", "Storm", "SAG-88123", "Hanne",
                   "Go through the contact plan", "Gennemgå samværsplanen"):  # fmt: skip
        assert hidden not in html, hidden
    read = AccessLogEntry.objects.filter(action=Action.VIEW, route="preparation:consultant_plan")
    assert read.get().subject_id == str(decided["child"].pk)
    assert AccessLogEntry.objects.filter(
        action=Action.LIST, route="preparation:consultant_list"
    ).exists()


def test_other_consultants_and_roles_get_404(decided, family_plan, client_for):
    url = f"/preparation/families/{family_plan.pk}/"
    # The own municipality placed the child, but does not support this family.
    assert client_for(consultant(decided, "own")).get(url).status_code == 404
    own_list = client_for(consultant(decided, "own")).get("/preparation/families/")
    assert "Vilja" not in own_list.content.decode()
    assert client_for(decided["caseworker"]).get(url).status_code == 404
    assert client_for(decided["staff"]).get(url).status_code == 404


def test_a_family_no_municipality_supports_is_no_ones(decided, family_plan, client_for):
    family = decided["place"].provider
    family.responsible_municipality = None
    family.save(update_fields=["responsible_municipality"])
    for key in ("own", "other"):
        client = client_for(consultant(decided, key))
        assert client.get(f"/preparation/families/{family_plan.pk}/").status_code == 404
        item = placement_item(family_plan)
        assert client.post(f"/preparation/families/items/{item.pk}/done/").status_code == 404
        item.refresh_from_db()
        assert item.done_on is None


def test_under_non_disclosure_nothing_more_than_the_placement_sees(
    decided, family_plan, client_for
):
    case = decided["case"]
    case.non_disclosure = True
    case.save(update_fields=["non_disclosure"])
    html = client_for(consultant(decided)).get(f"/preparation/families/{family_plan.pk}/")
    text = html.content.decode()
    assert "Forberedelse af flytningen for Vilja" in text
    assert "Ådalen" not in text and decided["caseworker"].get_full_name() not in text


def test_the_consultant_marks_the_placements_item_done_once(decided, family_plan, client_for):
    client = client_for(consultant(decided))
    item = placement_item(family_plan)
    url = f"/preparation/families/items/{item.pk}/done/"
    first = client.post(url, follow=True).content.decode()
    assert "Punktet er markeret som klaret." in first
    item.refresh_from_db()
    assert item.done_on == timezone.localdate() and item.done_by == consultant(decided)
    again = client.post(url, follow=True).content.decode()
    assert "blev allerede markeret som klaret den" in again
    marks = AccessLogEntry.objects.filter(
        action=Action.UPDATE, object_type="preparation.checklistitem", object_id=str(item.pk)
    )
    assert marks.count() == 1  # the second mark saved nothing


def test_an_item_of_another_party_is_refused(decided, family_plan, client_for):
    item = family_plan.checklist.filter(party=Party.CHILD).first()
    response = client_for(consultant(decided)).post(
        f"/preparation/families/items/{item.pk}/done/", follow=True
    )
    assert "Kun anbringelsesstedets punkter kan markeres som klaret her" in (
        response.content.decode()
    )
    item.refresh_from_db()
    assert item.done_on is None


def test_the_dashboard_and_menu_lead_the_consultant_to_the_moves(decided, family_plan, client_for):
    html = client_for(consultant(decided)).get("/").content.decode()
    assert "Flytninger til vores plejefamilier" in html
    assert "/preparation/families/" in html
    caseworkers = client_for(decided["caseworker"]).get("/").content.decode()
    assert "/preparation/families/" not in caseworkers
