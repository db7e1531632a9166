# SPDX-License-Identifier: MPL-2.0
"""A support arrangement recorded by the supporting institution raises the foster family's
capacity in the next run on exactly its dimensions, and no longer once it has ended."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from matchengine.vocab import PlaceType
from placematch.accounts.models import Role
from placematch.accounts.tests.factories import ProviderOrganisationFactory
from placematch.matching.adapter import place_inputs
from placematch.matching.tests.conftest import capacities
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import page, plain
from placematch.providers.services import support_arrangement_create, support_arrangement_end
from placematch.providers.tests.factories import InstitutionFactory, ProviderFactory

CLOSED = "Dækket med Supervision fra døgninstitution"


def _gaps(run, place):
    top = next(r for r in run.result()["top"] if r["place_id"] == str(place.pk))
    return {g["dimension"]: g for g in top["gaps"]}


def test_support_from_the_institution_counts_on_its_dimensions_until_it_ends(
    world, municipality, make_user, client_for
):
    today = timezone.localdate()
    family = ProviderFactory(
        name="Plejefamilien Støttesen (fiktiv)", responsible_municipality=municipality
    )
    place = matchable_place(
        provider=family,
        place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
        target_groups=["fire_setting"],
        capacities=capacities(safe_care="moderate", schooling="light"),
    )
    organisation = ProviderOrganisationFactory(name="Opholdsstedet Bakkely (fiktiv)")
    institution = InstitutionFactory(organisation=organisation, name=organisation.name)
    staff = make_user(organisation, Role.PROVIDER_STAFF)
    arrangement = support_arrangement_create(
        actor=staff, family=family, supporter=institution, kind="institution_supervision",
        dimensions=["safe_care"], hours_per_month=Decimal("8"),
        valid_from=today - datetime.timedelta(days=30),
    )  # fmt: skip
    engine_place = next(p for p in place_inputs(today).places if p.id == str(place.pk))
    assert [[d.value for d in s.dimensions] for s in engine_place.support_arrangements] == [
        ["safe_care"]
    ]
    gaps = _gaps(make_run(world["case"], world["caseworker"]), place)
    assert gaps["safe_care"]["open_levels"] == 0
    assert gaps["safe_care"]["closed_by"] == ["institution_supervision"]
    # Only its own dimension: schooling stays a gap.
    assert gaps["schooling"]["open_levels"] == 1 and gaps["schooling"]["closed_by"] == []
    run = make_run(world["case"], world["caseworker"])
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert plain(html).count(CLOSED) == 1

    support_arrangement_end(
        actor=staff, arrangement=arrangement, last_day=today - datetime.timedelta(days=1),
        expected_version=arrangement.version,
    )  # fmt: skip
    engine_place = next(p for p in place_inputs(today).places if p.id == str(place.pk))
    assert engine_place.support_arrangements == ()
    ended = make_run(world["case"], world["caseworker"])
    gaps = _gaps(ended, place)
    assert gaps["safe_care"]["open_levels"] == 1 and gaps["safe_care"]["closed_by"] == []
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", ended)
    assert CLOSED not in plain(html)
