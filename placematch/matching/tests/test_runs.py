# SPDX-License-Identifier: MPL-2.0
"""Match runs: what reaches the engine, the page's order and points, old runs, the index cache,
bad input on the run form, access and logging, and rows that are written once."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from matchengine.vocab import PlaceType
from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.audit.services import CHILD_SUBJECT
from placematch.children import course
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.core.models import ImmutableError
from placematch.matching import explain
from placematch.matching.adapter import RunOptions, child_profile, coordinates
from placematch.matching.indexes import cache
from placematch.matching.models import (
    IndexSnapshot,
    MatchPolicy,
    MatchRun,
)
from placematch.matching.services_runs import policy_create
from placematch.matching.tests.conftest import capacities
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import (
    candidate_block,
    candidate_items,
    page,
    plain,
    ranked_names,
)
from placematch.providers import ledger
from placematch.providers.models import Place
from placematch.providers.services import (
    capacity_profile_create,
    data_version_bump,
    support_arrangement_create,
    vacancy_declare,
)
from placematch.providers.tests.factories import ProviderFactory

CHANGED = "Stedernes data er ændret, siden matchet blev lavet"


def names_of(run: MatchRun) -> list[str]:
    """The places' names in the engine's stored order."""
    ids = [int(r["place_id"]) for r in run.result()["ranked"]]
    names = dict(Place.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [names[i] for i in ids]


# 1. The adapter ------------------------------------------------------------------------------


def test_the_case_reaches_the_engine_as_the_childs_profile(world):
    case, child = world["case"], world["child"]
    sibling = child.siblings.get().sibling_child
    home = matchable_place(name="Afdeling Søskendely", target_groups=["fire_setting"])
    ledger.place_reserve(actor=world["staff"], place=home, child_ref=sibling.ref)
    case.non_disclosure = True
    case.save()
    profile = child_profile(case, timezone.localdate(), RunOptions(max_other_children=3))
    assert profile.id == str(child.ref)
    needs = {d.value: level.value for d, level in profile.needs.items()}
    assert needs["safe_care"] == "high"
    assert needs["schooling"] == "moderate"
    # An unassessed dimension goes in as such; the policy decides how it counts.
    assert needs["health"] == "not_assessed"
    assert [t.value for t in profile.need_tags] == ["adhd", "fire_setting"]
    # The sibling to be placed together makes a group of two; a reservation is not a placement.
    assert profile.sibling_group_size == 2
    assert profile.sibling_group_id is not None
    assert profile.siblings_placed_at == ()
    assert profile.school_location == coordinates("8600")
    assert profile.non_disclosure is True
    assert profile.max_other_children == 3


def test_a_sibling_already_living_in_a_place_reaches_the_engine(world):
    from placematch.providers.models import Placement

    sibling = world["child"].siblings.get().sibling_child
    home = matchable_place(name="Afdeling Søskendely", target_groups=["fire_setting"])
    Placement.objects.create(place=home, child_ref=sibling.ref, start=datetime.date(2025, 1, 1))
    profile = child_profile(world["case"], timezone.localdate(), RunOptions())
    assert profile.siblings_placed_at == (str(home.pk),)


def test_places_without_any_approval_are_left_out_and_counted_on_the_page(
    world, ranked, client_for
):
    # The world's two places have no approval at all.
    run = make_run(world["case"], world["caseworker"])
    assert set(run.snapshot.left_out) == {str(world["place"].pk), str(world["other_place"].pk)}
    status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert status == 200
    assert "2 steder i registret kunne ikke matches" in plain(html)
    assert world["place"].name not in names_of(run)


def test_an_active_support_arrangement_closes_a_foster_familys_gap(world, client_for):
    family = ProviderFactory(name="Plejefamilien Støttesen (fiktiv)")
    place = matchable_place(
        provider=family,
        name="Plejefamilie Støttesen",
        place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
        target_groups=["fire_setting"],
        capacities=capacities(safe_care="moderate"),
    )
    before = make_run(world["case"], world["caseworker"])
    gap = next(g for g in before.result()["top"][0]["gaps"] if g["dimension"] == "safe_care")
    assert gap["open_levels"] == 1

    support_arrangement_create(
        actor=None,
        family=family,
        kind="institution_supervision",
        dimensions=["safe_care"],
        hours_per_month=Decimal("8"),
        valid_from=timezone.localdate() - datetime.timedelta(days=10),
        supporter_name="Opholdsstedet Bakkely (fiktiv)",
        check_access=False,
    )
    run = make_run(world["case"], world["caseworker"])
    top = run.result()["top"][0]
    assert top["place_id"] == str(place.pk)
    gap = next(g for g in top["gaps"] if g["dimension"] == "safe_care")
    assert gap["open_levels"] == 0
    assert gap["closed_by"] == ["institution_supervision"]
    assert top["score_milli"] > before.result()["top"][0]["score_milli"]
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert "Dækket med Supervision fra døgninstitution" in plain(html)


def test_an_ended_support_arrangement_does_not_count(world):
    family = ProviderFactory(name="Plejefamilien Støttesen (fiktiv)")
    matchable_place(
        provider=family,
        place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
        target_groups=["fire_setting"],
        capacities=capacities(safe_care="moderate"),
    )
    support_arrangement_create(
        actor=None,
        family=family,
        kind="treatment",
        dimensions=["safe_care"],
        hours_per_month=Decimal("8"),
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
        supporter_name="Behandler Fiktivsen",
        check_access=False,
    )
    run = make_run(world["case"], world["caseworker"])
    gap = next(g for g in run.result()["top"][0]["gaps"] if g["dimension"] == "safe_care")
    assert gap["open_levels"] == 1 and gap["closed_by"] == []


# 2. The engine's order and points on the page ------------------------------------------------


def test_the_page_lists_the_engines_order_with_each_factors_points(world, ranked, client_for):
    run = make_run(world["case"], world["caseworker"])
    result = run.result()
    assert len(result["ranked"]) == 3
    scores = [r["score_milli"] for r in result["ranked"]]
    assert len(set(scores)) == 3  # the capacities and distances really differ
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert ranked_names(html) == names_of(run)
    assert names_of(run)[0] == "Afdeling Nærheden"
    assert names_of(run)[-1] == "Afdeling Kortbo"

    top = {t["place_id"]: t for t in result["top"]}
    with translation.override("da"):
        for item, ranked_row in zip(candidate_items(html), result["ranked"], strict=True):
            explained = top[ranked_row["place_id"]]
            shown = re.findall(r'<td class="matching-num">([^<]+)</td>', item)
            assert shown == [explain.points(f["contribution_milli"]) for f in explained["factors"]]
            score = explain.points(ranked_row["score_milli"], sign=False)
            assert f'<p class="matching-score">{score} point</p>' in item
            assert f"<strong>{score}</strong>" in item
            assert ranked_row["score_milli"] == explained["score_milli"]
    # The shortfall is worded, with its Danish points.
    assert "2 niveauer under barnets behov" in plain(html)


# 3. An old run renders as it was made --------------------------------------------------------


def test_an_old_run_renders_unchanged_after_provider_data_change(world, ranked, client_for):
    client = client_for(world["caseworker"])
    run = make_run(world["case"], world["caseworker"])
    _status, before = page(client, "matching:run_detail", run)
    assert CHANGED not in before
    old_order = ranked_names(before)
    assert old_order.index("Afdeling Kortbo") > old_order.index("Afdeling Fjernvej")

    # The short place gets full capacity and a new declaration, through the providers' services.
    short = ranked["short"]
    capacity_profile_create(
        actor=world["staff"],
        place=short,
        capacities=capacities(),
        setting="town",
        change_note="Nyt personale",
        check_access=False,
    )
    vacancy_declare(actor=world["staff"], place=short, free_places=2, check_access=False)

    _status, after = page(client, "matching:run_detail", run)
    assert candidate_block(after) == candidate_block(before)
    assert CHANGED in after
    assert "Der er sket 2 ændringer" in plain(after)

    new_run = make_run(world["case"], world["caseworker"])
    _status, fresh = page(client, "matching:run_detail", new_run)
    new_order = ranked_names(fresh)
    assert new_order != old_order
    assert new_order.index("Afdeling Kortbo") < new_order.index("Afdeling Fjernvej")
    assert CHANGED not in fresh
    # The old run now points to the newer one.
    _status, old_again = page(client, "matching:run_detail", run)
    assert "Der findes et nyere match for denne sag" in plain(old_again)


# 4. The place index is built once per provider-data version ----------------------------------


def test_the_index_is_built_once_per_version_and_loaded_from_its_snapshot(
    world, ranked, client_for
):
    client = client_for(world["caseworker"])
    first = make_run(world["case"], world["caseworker"])
    second = make_run(world["case"], world["caseworker"])
    for name in ("matching:run_detail", "matching:run_why_not"):
        for run in (first, second):
            assert page(client, name, run)[0] == 200
    assert cache.builds == 1
    assert cache.loads == 0
    assert first.snapshot_id == second.snapshot_id

    data_version_bump()
    third = make_run(world["case"], world["caseworker"])
    assert cache.builds == 2
    # Nothing changed in the places, so the content (and its stored snapshot) is the same.
    assert third.snapshot_id == first.snapshot_id
    assert third.data_version == first.data_version + 1

    cache.clear()  # as a new process: the version is known, its snapshot is stored
    fourth = make_run(world["case"], world["caseworker"])
    assert cache.builds == 0
    assert cache.loads == 1
    assert fourth.snapshot_id == third.snapshot_id
    assert page(client, "matching:run_detail", first)[0] == 200
    assert cache.builds == 0
    assert IndexSnapshot.objects.count() == 1


# 9. Bad input on the run form ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "31", "-1"])
def test_a_wrong_number_of_other_children_saves_no_run(world, ranked, client_for, value):
    response = client_for(world["caseworker"]).post(
        reverse("matching:case_match", args=[world["case"].pk]), {"max_other_children": value}
    )
    assert response.status_code == 400
    assert "Skriv et helt tal fra 0 til 30, eller lad feltet stå tomt." in response.content.decode()
    assert MatchRun.objects.count() == 0


def test_no_match_on_an_ended_case(world, ranked, client_for):
    case = world["case"]
    course.transition(case, "end", actor=world["caseworker"], reason="Barnet er flyttet")
    response = client_for(world["caseworker"]).post(
        reverse("matching:case_match", args=[case.pk]), {}
    )
    assert response.status_code == 400
    assert "Sagen er afsluttet, så der kan ikke laves et match." in response.content.decode()
    assert MatchRun.objects.count() == 0


def test_a_secure_unit_needs_the_childrens_home_form(world, ranked, client_for):
    response = client_for(world["caseworker"]).post(
        reverse("matching:case_match", args=[world["case"].pk]),
        {"secure_unit_needed": "on", "required_forms": ["foster_family"]},
    )
    assert response.status_code == 400
    assert "En sikret afdeling er et børne- og ungehjem" in plain(response.content.decode())
    assert MatchRun.objects.count() == 0


def test_no_places_in_the_registry_gives_a_message_not_a_run(world, client_for):
    # Only the world's places, which have no approval.
    response = client_for(world["caseworker"]).post(
        reverse("matching:case_match", args=[world["case"].pk]), {}
    )
    assert response.status_code == 400
    assert MatchRun.objects.count() == 0


def test_a_good_form_makes_a_run_with_the_chosen_options(world, ranked, client_for):
    response = client_for(world["caseworker"]).post(
        reverse("matching:case_match", args=[world["case"].pk]),
        {"max_other_children": "2", "required_forms": ["residential"], "acute": "on"},
    )
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:run_detail", args=[run.pk])
    assert run.options["max_other_children"] == 2
    assert run.options["required_forms"] == ["residential"]
    assert run.child_input["acute"] is True
    # The next form starts from the last run's choices.
    html = client_for(world["caseworker"]).get(
        reverse("matching:case_match", args=[world["case"].pk])
    )
    assert 'name="max_other_children" value="2"' in html.content.decode()


# 10. Access and the access log ---------------------------------------------------------------

RUN_PAGES = ["matching:run_detail", "matching:run_why_not", "matching:run_compare"]


@pytest.mark.parametrize("name", RUN_PAGES)
def test_caseworkers_outside_the_case_get_404(world, ranked, client_for, make_user, name):
    run = make_run(world["case"], world["caseworker"])
    other_municipality = world["users"][("other", Role.CASEWORKER)]
    same_municipality = make_user(world["case"].organisation, Role.CASEWORKER)
    for user in (other_municipality, same_municipality):
        assert page(client_for(user), name, run)[0] == 404
    assert (
        client_for(same_municipality)
        .get(reverse("matching:case_match", args=[world["case"].pk]))
        .status_code
        == 404
    )


def test_viewing_a_run_is_logged_with_the_child_as_subject(world, ranked, client_for):
    run = make_run(world["case"], world["caseworker"])
    created = AccessLogEntry.objects.get(action=Action.CREATE, object_type="matching.matchrun")
    assert created.subject_id == str(world["child"].pk)
    page(client_for(world["team_leader"]), "matching:run_detail", run)
    entry = AccessLogEntry.objects.filter(action=Action.VIEW).latest("id")
    assert entry.user == world["team_leader"]
    assert entry.subject_type == CHILD_SUBJECT
    assert entry.subject_id == str(world["child"].pk)
    assert entry.object_type == "matching.matchrun"
    assert entry.object_id == str(run.pk)
    assert entry.route == "matching:run_detail"


# 11. Written once ----------------------------------------------------------------------------


def test_runs_snapshots_and_policies_are_written_once(world, ranked):
    run = make_run(world["case"], world["caseworker"])
    with pytest.raises(ImmutableError):
        run.save()
    run.refresh_from_db()
    run.included_count = 0
    with pytest.raises(ImmutableError):
        run.save()
    assert MatchRun.objects.get().included_count == 3
    with pytest.raises(ImmutableError):
        run.snapshot.save()
    from matchengine.policy import Policy

    weights = Policy().model_dump(mode="json", exclude={"version"})
    policy = policy_create(request=None, user=world["team_leader"], weights=weights, note="Start")
    with pytest.raises(ImmutableError):
        policy.save()
    assert MatchPolicy.objects.count() == 1


def test_another_case_of_the_municipality_is_not_mixed_in(world, ranked, client_for):
    other = CaseFactory(
        child=ChildFactory(organisation=world["case"].organisation),
        team=world["caseworker"].team,
        status="matching",
    )
    run = make_run(world["case"], world["caseworker"])
    make_run(other, world["caseworker"])
    html = client_for(world["caseworker"]).get(
        reverse("matching:case_match", args=[world["case"].pk])
    )
    assert html.content.decode().count(reverse("matching:run_detail", args=[run.pk])) == 1
    assert uuid.UUID(run.child_input["id"]) == world["child"].ref
