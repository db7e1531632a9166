# SPDX-License-Identifier: MPL-2.0
"""The child's recorded wish details reach the engine and change a place's score."""

from __future__ import annotations

from django.utils import timezone

from matchengine.vocab import WishKind
from placematch.children.models import Wish
from placematch.matching.adapter import RunOptions, child_profile
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.providers.models import CapacityProfile
from placematch.providers.services import data_version_bump


def _set_animals(place, animals: str) -> None:
    # Capacity profiles are versions: a new version with the household's animals.
    latest = place.profiles.order_by("-version").first()
    CapacityProfile.objects.create(
        place=place,
        version=latest.version + 1,
        capacities=latest.capacities,
        setting=latest.setting,
        animals=animals,
    )
    data_version_bump()


def test_wish_details_become_engine_wishes(world):
    case = world["case"]
    wish = Wish.objects.get(case=case)  # the animals wish, recorded without a direction
    day = timezone.localdate()
    before = child_profile(case, day, RunOptions())
    assert [(w.kind, w.scored) for w in before.wishes] == [(WishKind.ANIMALS, False)]
    wish.animals = "wants_animals"
    wish.save()
    Wish.objects.create(
        organisation=case.organisation, case=case, kind="live_near", text="Tæt på mormor",
        postcode="8000",
    )  # fmt: skip
    Wish.objects.create(
        organisation=case.organisation, case=case, kind="town_or_country", text="Helst på landet"
    )  # fmt: skip
    after = child_profile(case, day, RunOptions())
    kinds = [(w.kind, w.scored) for w in after.wishes]
    assert kinds == [
        (WishKind.ANIMALS, True),
        (WishKind.LIVE_NEAR, True),
        (WishKind.TOWN_OR_COUNTRY, False),
    ]
    assert after.wishes[1].location is not None


def test_a_place_with_a_dog_scores_higher_for_a_child_who_wants_animals(world):
    case = world["case"]
    Wish.objects.filter(case=case).update(animals="wants_animals")
    with_dog = matchable_place(name="Gården med hund", target_groups=["adhd", "fire_setting"])
    without = matchable_place(name="Huset uden dyr", target_groups=["adhd", "fire_setting"])
    _set_animals(with_dog, "Hund")
    run = make_run(case, world["caseworker"])
    scores = {r["place_id"]: r["score_milli"] for r in run.result()["ranked"]}
    assert scores[str(with_dog.pk)] > scores[str(without.pk)]
    assert run.result()["ranked"][0]["place_id"] == str(with_dog.pk)


def test_a_no_to_school_friends_or_siblings_is_shown_never_scored(world):
    case = world["case"]
    Wish.objects.filter(case=case).delete()
    for kind, answer in (("school", "no"), ("siblings", "no"), ("school", "yes"), ("friends", "")):
        Wish.objects.create(
            organisation=case.organisation, case=case, kind=kind, text="x", answer=answer
        )
    wishes = child_profile(case, timezone.localdate(), RunOptions()).wishes
    assert [(w.kind.value, w.scored) for w in wishes] == [
        ("school", False),
        ("siblings", False),
        ("school", True),
        ("friends", True),
    ]
