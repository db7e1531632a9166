# SPDX-License-Identifier: MPL-2.0
"""The team leader's pages: the municipality's weights (versions, bad input, their effect on new
runs) and the non-binding capacity overview."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from matchengine.policy import Policy
from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.matching.forms_runs import PolicyForm
from placematch.matching.models import MatchPolicy, policy_version_label
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import page, plain

POLICY = reverse("matching:policy")
OVERVIEW = reverse("matching:overview")


def weights_data(**changes: object) -> dict[str, object]:
    """The policy form filled in with the engine's defaults, then the changes."""
    form = PolicyForm(current=Policy())
    data: dict[str, object] = dict(form.initial)
    data["note"] = "Skolen vægter mere i Ådalen"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def school_points(run, place) -> int:
    explained = next(t for t in run.result()["top"] if t["place_id"] == str(place.pk))
    return next(f for f in explained["factors"] if f["code"] == "school_distance")[
        "contribution_milli"
    ]


# 12. Weights ---------------------------------------------------------------------------------


def test_each_save_is_a_new_logged_version(world, client_for):
    client = client_for(world["team_leader"])
    page_before = client.get(POLICY)
    assert page_before.status_code == 200
    assert "Kommunen bruger motorens standardvægte." in page_before.content.decode()

    response = client.post(POLICY, weights_data())
    assert response.status_code == 302
    followed = client.get(POLICY).content.decode()
    assert "Version 1 af vægtene er gemt. Nye match bruger den." in followed
    assert "Kommunen bruger version 1." in followed
    client.post(POLICY, weights_data(school_points=20, note="Skolen tæller dobbelt"))
    versions = list(MatchPolicy.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].weights["school_points"] == 20
    assert versions[1].note == "Skolen tæller dobbelt"
    assert versions[1].created_by == world["team_leader"]
    logged = AccessLogEntry.objects.filter(action=Action.CREATE, object_type="matching.matchpolicy")
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(str(v.pk) for v in versions)
    # The form starts from the newest version.
    assert 'name="school_points" value="20"' in client.get(POLICY).content.decode()


def test_admins_may_set_the_weights_and_caseworkers_may_not(world, users, client_for):
    admin = users[("own", Role.ADMIN)]
    assert client_for(admin).get(POLICY).status_code == 200
    assert client_for(admin).post(POLICY, weights_data()).status_code == 302
    caseworker = world["caseworker"]
    assert client_for(caseworker).get(POLICY).status_code == 404
    assert client_for(caseworker).post(POLICY, weights_data()).status_code == 404
    assert MatchPolicy.objects.count() == 1


def test_each_municipality_numbers_its_own_versions(world, users, client_for):
    client_for(world["team_leader"]).post(POLICY, weights_data())
    other = users[("other", Role.TEAM_LEADER)]
    html = client_for(other).get(POLICY).content.decode()
    assert "Kommunen bruger motorens standardvægte." in html
    assert "Skolen vægter mere i Ådalen" not in html
    client_for(other).post(POLICY, weights_data())
    assert sorted(MatchPolicy.objects.values_list("organisation__name", "version")) == [
        ("Bakkeby Kommune (fiktiv)", 1),
        ("Ådalen Kommune (fiktiv)", 1),
    ]


def test_new_runs_record_and_use_the_municipalitys_weights(world, ranked, client_for):
    before = make_run(world["case"], world["caseworker"])
    assert before.policy is None
    assert before.policy_version == Policy().version
    client_for(world["team_leader"]).post(POLICY, weights_data(school_points=40))
    policy = MatchPolicy.objects.get()
    run = make_run(world["case"], world["caseworker"])
    assert run.policy == policy
    label = policy_version_label(world["case"].organisation_id, 1)
    assert run.policy_version == label
    assert run.result()["policy_version"] == label
    # The far place is about 40 km from the school: four times the points make it cost more.
    far = ranked["far"]
    assert school_points(run, far) < school_points(before, far) < 0
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert f"vægte {label}" in plain(html)
    # The old run keeps the weights it was made with.
    _status, old = page(client_for(world["caseworker"]), "matching:run_detail", before)
    assert f"vægte {Policy().version}." in plain(old)


def test_the_target_group_weight_is_saved_and_used(world, ranked, client_for):
    """Vilja's ADHD (development not assessed, so counted as high) is outside every approval."""
    client = client_for(world["team_leader"])
    assert 'name="target_group_points" value="8"' in client.get(POLICY).content.decode()
    client.post(POLICY, weights_data(target_group_points=30, note="Målgrupper vægter mere"))
    assert MatchPolicy.objects.get().weights["target_group_points"] == 30
    run = make_run(world["case"], world["caseworker"])
    explained = next(t for t in run.result()["top"] if t["place_id"] == str(ranked["near"].pk))
    factor = next(f for f in explained["factors"] if f["code"] == "outside_target_groups")
    assert (factor["params"]["outside"], factor["contribution_milli"]) == (["adhd"], -30000)
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert "Stedet er ikke godkendt til: ADHD. −30,0" in plain(html)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"shortfall_2": 6},
            "Skriv flere point end for ét niveau mindre (6): en større mangel skal koste mere.",
        ),
        (
            {"shortfall_3": 10},
            "Skriv flere point end for ét niveau mindre (15): en større mangel skal koste mere.",
        ),
        ({"shortfall_1": 0}, "Skriv mindst 1: en mangel skal altid koste point."),
        (
            {"support_reliance_points": 10},
            "Skriv højst 6: den mindste stigning mellem to niveauer af mangel.",
        ),
        ({"base_points": 5000}, "Skriv et helt tal fra 0 til 1000."),
        ({"shortfall_4": 61}, "Skriv et helt tal fra 0 til 60."),
        ({"weight_safe_care": 20}, "Skriv et helt tal fra 50 til 200."),
        ({"school_points": "mange"}, "Skriv et helt tal fra 0 til 40."),
        ({"target_group_points": 31}, "Skriv et helt tal fra 0 til 30."),
        ({"target_group_points": -1}, "Skriv et helt tal fra 0 til 30."),
        ({"not_assessed_need_level": "not_assessed"}, "Vælg et vurderet niveau."),
        ({"note": ""}, "Skriv hvad der er ændret og hvorfor."),
        ({"note": "   "}, "Skriv hvad der er ændret og hvorfor."),
    ],
)
def test_bad_weights_save_nothing_and_say_why(world, client_for, changes, message):
    response = client_for(world["team_leader"]).post(POLICY, weights_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Intet blev gemt" in html
    assert message in plain(html)
    assert " must " not in html  # no untranslated message from the engine
    assert MatchPolicy.objects.count() == 0
    assert not AccessLogEntry.objects.filter(object_type="matching.matchpolicy").exists()


# 13. Capacity overview -----------------------------------------------------------------------


def test_two_children_competing_for_one_free_place(world, client_for):
    case = world["case"]
    second = CaseFactory(
        child=ChildFactory(
            organisation=case.organisation, first_name="Bertil", last_name="Prøvesen"
        ),
        team=case.team,
        caseworkers=[world["caseworker"]],
        status="matching",
    )
    place = matchable_place(name="Afdeling Enepladsen", capacity=1, target_groups=["fire_setting"])
    response = client_for(world["team_leader"]).get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    text = plain(html)
    assert "Et overblik over konkurrence om pladser, ikke et forslag" in text
    assert "ikke et forslag til noget barn" in text
    assert "1 af 2 børn i matchning kan få en plads på samme tid" in text

    body = html.split('aria-labelledby="children-h"', 1)[1].split("</table>", 1)[0]
    # Cells: child, possible places, a place in this overview, other places, competes with.
    rows = {
        plain(cells[0]): [plain(c) for c in cells]
        for cells in (re.findall(r"<td>(.*?)</td>", row, re.S) for row in body.split("<tr>")[2:])
    }
    assert set(rows) == {case.child.name, second.child.name}
    assert [cells[1] for cells in rows.values()] == ["1", "1"]
    where = f"{place.provider.name}: Afdeling Enepladsen"
    placed = [name for name, cells in rows.items() if cells[2].startswith(where)]
    waiting = [
        name for name, cells in rows.items() if cells[2] == "Mulige pladser brugt til andre børn"
    ]
    assert len(placed) == 1 and len(waiting) == 1
    assert f"brugt til {placed[0]}" in rows[waiting[0]][3]
    assert rows[waiting[0]][4] == placed[0]

    contested = html.split('aria-labelledby="contested-h"', 1)[1].split("</table>", 1)[0]
    assert f"{place.provider.name}: Afdeling Enepladsen" in plain(contested)
    assert placed[0] in plain(contested)
    listed = AccessLogEntry.objects.filter(action=Action.LIST).latest("id")
    assert listed.user == world["team_leader"]


def test_the_overview_is_for_team_leaders(world, users, client_for):
    matchable_place(name="Afdeling Enepladsen", target_groups=["fire_setting"])
    assert client_for(world["caseworker"]).get(OVERVIEW).status_code == 404
    assert client_for(users[("own", Role.ADMIN)]).get(OVERVIEW).status_code == 404
    assert client_for(world["staff"]).get(OVERVIEW).status_code == 404


def test_the_overview_with_no_child_in_matching(users, client_for):
    matchable_place(name="Afdeling Enepladsen")
    html = client_for(users[("own", Role.TEAM_LEADER)]).get(OVERVIEW).content.decode()
    assert "Intet barn i kommunen er i matchning nu." in html


def test_the_overview_with_no_places(world, client_for):
    html = client_for(world["team_leader"]).get(OVERVIEW).content.decode()
    assert "Der er endnu ingen steder i registret." in plain(html)
