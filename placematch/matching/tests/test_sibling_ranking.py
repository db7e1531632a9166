# SPDX-License-Identifier: MPL-2.0
"""A sibling group's match: the same pair from either case, and a place only if every sibling
may legally live there; otherwise "why not" names the sibling and the sibling's reason."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matchengine.vocab import PlaceType
from placematch.children import services
from placematch.children.models import Assessment, AssessmentNeed
from placematch.children.tests.factories import CaseFactory
from placematch.matching.capacity import capacity_overview
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import plain

pytestmark = pytest.mark.django_db


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=30)


def _assessed(case, user, tags=()):
    assessment = Assessment.objects.create(
        organisation=case.organisation, case=case, version=1, created_by=user,
        need_tags=list(tags),
    )  # fmt: skip
    AssessmentNeed.objects.create(assessment=assessment, dimension="safe_care", level="moderate")
    return case


@pytest.fixture
def pair(world):
    """Siblings of 6 and 8, linked on the older's case only, both with open cases."""
    user, municipality = world["caseworker"], world["case"].organisation
    older = CaseFactory(
        child__organisation=municipality, child__first_name="Bertil",
        child__last_name="Fiktivsen", child__birth_date=_years_ago(8),
        team=user.team, caseworkers=[user], status="assessment",
    )  # fmt: skip
    younger = CaseFactory(
        child__organisation=municipality, child__first_name="Alma",
        child__last_name="Fiktivsen", child__birth_date=_years_ago(6),
        team=user.team, caseworkers=[user], status="assessment",
    )  # fmt: skip
    _assessed(older, user)
    _assessed(younger, user)
    services.sibling_add(
        actor=user, child=older.child, sibling_child=younger.child, placed_together=True
    )
    return {"older": older, "younger": younger}


def _place_without_the_siblings_target_group(case):
    Assessment.objects.filter(case=case).update(need_tags=["sexualised_behaviour"])
    return matchable_place(name="Afdeling Målgruppe", target_groups=["adhd"])


def _network_family_for(child, municipality):
    family = matchable_place(
        name="Plejefamilie Eksempelsen", place_type=PlaceType.FOSTER_FAMILY_NETWORK
    )
    family.approvals.update(
        authority="municipality", approving_municipality=municipality, child_ref=child.ref
    )
    family.provider.responsible_municipality = municipality
    family.provider.save()
    return family


def _ranked(run) -> set[str]:
    return {r["place_id"] for r in run.result()["ranked"]}


def _excluded(run) -> dict[str, list[dict]]:
    return {e["place_id"]: e["reasons"] for e in run.result()["excluded"]}


def test_the_younger_siblings_case_matches_the_pair(world, pair, client_for):
    both = matchable_place(name="Afdeling Fællesly", age_min=0, age_max=17)
    older_only = matchable_place(name="Afdeling Storeby", age_min=7, age_max=17)
    run = make_run(pair["younger"], world["caseworker"])
    assert run.child_input["sibling_group_size"] == 2
    assert run.siblings_input[0]["id"] == str(pair["older"].child.ref)
    assert _ranked(run) == {str(both.pk)}
    # The place approved from 7 excludes the younger herself, by her own age.
    assert [r["code"] for r in _excluded(run)[str(older_only.pk)]] == ["age_outside_approval"]
    # The run moves the case into matching, so the capacity overview counts her.
    pair["younger"].refresh_from_db()
    assert pair["younger"].status == "matching"
    overview = capacity_overview(world["team_leader"], timezone.localdate())
    assert pair["younger"].pk in [row.case.pk for row in overview.rows]
    # The team leader's overview names the provider beside the place.
    html = client_for(world["team_leader"]).get(reverse("matching:overview")).content.decode()
    assert f"{both.provider.name}: Afdeling Fællesly" in plain(html)


@pytest.mark.parametrize(
    ("rule", "make_place", "code"),
    [
        (
            "an approval from 7 does not take the 6-year-old sibling",
            lambda w, p: matchable_place(name="Afdeling Storeby", age_min=7, age_max=17),
            "age_outside_approval",
        ),
        (
            "a network foster family approved only for the older child",
            lambda w, p: _network_family_for(p["older"].child, w["case"].organisation),
            "network_approval_other_child",
        ),
        (
            "the sibling's heavy need falls outside the approval",
            lambda w, p: _place_without_the_siblings_target_group(p["younger"]),
            "target_group_not_covered",
        ),
    ],
)
def test_a_place_one_sibling_may_not_use_is_left_out_with_the_siblings_reason(
    world, pair, rule, make_place, code
):
    place = make_place(world, pair)
    run = make_run(pair["older"], world["caseworker"])
    assert str(place.pk) not in _ranked(run), rule
    reasons = _excluded(run)[str(place.pk)]
    assert [r["code"] for r in reasons] == [code], rule
    assert reasons[0]["params"]["sibling_id"] == str(pair["younger"].child.ref)
    assert run.included_count == len(run.result()["ranked"])


def test_why_not_names_the_sibling_and_the_siblings_reason(world, pair, client_for):
    family = _network_family_for(pair["older"].child, world["case"].organisation)
    alone = make_run(pair["older"], world["caseworker"])
    assert str(family.pk) not in _ranked(alone)
    client = client_for(world["caseworker"])
    html = client.get(
        reverse("matching:run_why_not", args=[alone.pk]) + "?reason=network_approval_other_child"
    ).content.decode()
    text = plain(html)
    assert "Plejefamilie Eksempelsen" in text
    assert "For Alma Fiktivsen (søskende): En netværksplejefamilie godkendt til et andet" in text
    detail = plain(client.get(reverse("matching:run_detail", args=[alone.pk])).content.decode())
    assert "Plejefamilie Eksempelsen" not in detail
