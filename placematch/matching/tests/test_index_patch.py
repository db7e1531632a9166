# SPDX-License-Identifier: MPL-2.0
"""The warm place index patched with each change equals a full build; old runs keep their places."""

from __future__ import annotations

import contextlib
import hashlib
import random
import uuid
from typing import cast

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchengine.datagen import generate_children
from matchengine.index import PlaceIndex
from matchengine.ranking import rank_child
from matchengine.tests.test_index_changes import assert_same_index
from placematch.matching import indexes
from placematch.matching.adapter import RunOptions, child_profile, place_inputs
from placematch.matching.indexes import cache, current_index
from placematch.matching.models import IndexSnapshot, pack
from placematch.matching.tests.conftest import capacities
from placematch.matching.tests.factories import make_run
from placematch.matching.tests.pages import candidate_block, page
from placematch.providers import ledger
from placematch.providers.models import (
    Approval,
    Authority,
    Place,
    Reservation,
    ReservationStatus,
)
from placematch.providers.services import (
    approval_create,
    capacity_profile_create,
    data_version_bump,
    provider_contact_update,
    vacancy_declare,
)
from placematch.providers.tests.factories import PlaceFactory

LEVELS = ("none", "light", "moderate", "high")
OPS = ("vacancy", "reserve", "release", "profile", "approve", "new", "close", "contact", "match")


def _apply(op: str, n: int, world: dict, places: list) -> None:
    """One change through the providers' services, as a user would make it."""
    place = places[n % len(places)]
    staff = world["staff"]
    if op == "vacancy":
        vacancy_declare(
            actor=staff, place=place, free_places=n % (place.capacity + 1), check_access=False
        )
    elif op == "reserve":
        with contextlib.suppress(ledger.NoFreePlaceError):  # refused: nothing changes
            ledger.place_reserve(actor=staff, place=place, child_ref=uuid.uuid4())
    elif op == "release":
        row = Reservation.objects.filter(status=ReservationStatus.ACTIVE).order_by("-pk").first()
        if row is not None:
            ledger.reservation_release(actor=staff, reservation=row)
    elif op == "profile":
        capacity_profile_create(
            actor=staff,
            place=place,
            capacities=capacities(safe_care=LEVELS[n % 4], schooling=LEVELS[(n // 4) % 4]),
            other_children_ages=[n % 12],
            setting=("town", "country")[n % 2],
            languages=["arabisk"] if n % 3 == 0 else [],
            check_access=False,
        )
    elif op == "approve":  # a place left out (no approval) comes in
        target = world[("place", "other_place")[n % 2]]
        approval_create(
            actor=staff,
            place=target,
            authority=Authority.MIDT,
            age_min=0,
            age_max=17,
            places=1 + n % 3,
            valid_from=timezone.localdate().replace(year=2025),
            target_groups=["fire_setting"] if n % 2 else [],
        )
    elif op == "new":  # a new place, approved in the registry, comes in after all others
        approval_create(
            actor=staff,
            place=cast(Place, PlaceFactory(provider=world["place"].provider, postcode="7100")),
            authority=Authority.MIDT,
            age_min=n % 10,
            age_max=17,
            places=2,
            valid_from=timezone.localdate().replace(year=2025),
        )
    elif op == "close":  # the registry withdraws a place's approvals: it leaves the index
        Approval.objects.filter(place=place).delete()
        data_version_bump(places=[place.pk])
    elif op == "contact":  # the foster family moves: its place (once approved) moves with it
        family = world["place"].provider
        provider_contact_update(
            actor=staff,
            provider=family,
            address="Fiktivvej 1",
            postcode=("8000", "8600", "7100", "9000")[n % 4],
            contact_name="Karen Prøvesen",
            contact_email="karen@example.org",
            contact_phone="12345678",
        )
    else:  # a match in between patches the index at this point
        current_index(timezone.localdate())


def _children(world: dict) -> list:
    day = timezone.localdate()
    own = child_profile(world["case"], day, RunOptions())
    return [own, *generate_children(random.Random(5), 3, day)]


def _ranking(index: PlaceIndex, child, day) -> list[tuple[str, int]]:
    outcome = rank_child(index, child, reference_date=day, include_practical=True)
    return [(r.place_id, r.score_milli) for r in outcome.ranked()]


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPS), st.integers(min_value=0, max_value=40)),
        min_size=1,
        max_size=10,
    )
)
def test_a_patched_index_equals_a_full_build_after_any_changes(world, ranked, steps):
    day = timezone.localdate()
    places = [ranked["near"], ranked["far"], ranked["short"], world["place"]]
    children = _children(world)
    with transaction.atomic():
        cache.clear()
        start = current_index(day).data_version
        for op, n in steps:
            _apply(op, n, world, places)
        loaded = current_index(day)
        # Every change named its places, so nothing was built again from the whole registry.
        assert (cache.builds, cache.loads) == (1, 0)
        assert cache.patches >= 1 or loaded.data_version == start

        full = place_inputs(day)
        expected = PlaceIndex(full.places)
        assert_same_index(loaded.index, expected)
        for child in children:
            assert _ranking(loaded.index, child, day) == _ranking(expected, child, day)
        blob = pack([p.model_dump(mode="json") for p in full.places])
        snapshot = loaded.snapshot
        assert snapshot.sha256 == hashlib.sha256(blob).hexdigest()
        assert bytes(snapshot.data) == blob
        assert snapshot.left_out == full.left_out
        transaction.set_rollback(True)


def test_an_old_run_keeps_its_places_after_a_patched_change(world, ranked, client_for):
    client = client_for(world["caseworker"])
    before = make_run(world["case"], world["caseworker"])
    _status, old_page = page(client, "matching:run_detail", before)
    capacity_profile_create(
        actor=world["staff"],
        place=ranked["short"],
        capacities=capacities(),
        change_note="Nyt personale",
        check_access=False,
    )
    after = make_run(world["case"], world["caseworker"])
    assert (cache.builds, cache.patches) == (1, 1)
    assert after.snapshot_id != before.snapshot_id
    assert after.result()["ranked"] != before.result()["ranked"]
    cache.clear()  # as another process: the old run's index comes from its stored snapshot
    _status, again = page(client, "matching:run_detail", before)
    assert candidate_block(again) == candidate_block(old_page)
    assert IndexSnapshot.objects.count() == 2


def test_another_process_notices_the_version_moved_and_patches_too(world, ranked):
    day = timezone.localdate()
    other = indexes._Cache()  # a second process with its own warm index
    assert indexes._current(other, day).index.ids == current_index(day).index.ids
    ledger.place_reserve(actor=world["staff"], place=ranked["near"], child_ref=uuid.uuid4())
    here = current_index(day)
    there = indexes._current(other, day)
    assert (other.builds, other.patches) == (1, 1)
    assert there.index.free[there.index.position[str(ranked["near"].pk)]] == 1
    assert there.snapshot.sha256 == here.snapshot.sha256


@pytest.mark.parametrize("why", ["unnamed change", "another day", "reset database"])
def test_the_index_is_built_again_when_a_patch_cannot_be_trusted(world, ranked, why):
    day = timezone.localdate()
    current_index(day)
    ledger.place_reserve(actor=world["staff"], place=ranked["near"], child_ref=uuid.uuid4())
    if why == "unnamed change":
        data_version_bump()  # an import or a bulk change: no places named
    elif why == "another day":
        day = day.replace(year=day.year + 1)
    else:  # the change log no longer holds the warm version's row as this process saw it
        cache.warm.stamp = "1999-01-01T00:00:00+00:00"
    loaded = current_index(day)
    assert (cache.builds, cache.patches) == (2, 0)
    assert loaded.index.free[loaded.index.position[str(ranked["near"].pk)]] == 1


def test_a_rolled_back_run_leaves_no_later_run_without_its_snapshot(world, ranked):
    day = timezone.localdate()
    current_index(day)
    ledger.place_reserve(actor=world["staff"], place=ranked["near"], child_ref=uuid.uuid4())
    loaded = current_index(day)
    with transaction.atomic():  # a run whose transaction fails after storing the snapshot
        first = loaded.snapshot
        transaction.set_rollback(True)
    assert not IndexSnapshot.objects.filter(pk=first.pk).exists()
    again = current_index(day).snapshot
    assert again.sha256 == first.sha256
    assert IndexSnapshot.objects.filter(pk=again.pk).exists()
