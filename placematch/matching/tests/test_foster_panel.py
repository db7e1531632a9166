# SPDX-License-Identifier: MPL-2.0
"""The match page shows the best foster families beside the institutions (§ 52, stk. 2), says
why an institution stands above them, and, when none can take the child, why not."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from matchengine.vocab import PlaceType
from placematch.children import services
from placematch.children.models import Assessment, AssessmentNeed
from placematch.children.tests.factories import CaseFactory
from placematch.matching.adapter import RunOptions
from placematch.matching.tests.conftest import capacities
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import page, plain, ranked_names

pytestmark = pytest.mark.django_db


def _born(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=30)


@pytest.fixture
def pair(world):
    """Siblings of 6 and 8 to be placed together, each needing moderate safe care."""
    user = world["caseworker"]
    cases = []
    for first, age in (("Bertil", 8), ("Alma", 6)):
        case = CaseFactory(
            child__organisation=world["case"].organisation, child__first_name=first,
            child__last_name="Fiktivsen", child__birth_date=_born(age), team=user.team,
            caseworkers=[user], status="assessment",
        )  # fmt: skip
        assessment = Assessment.objects.create(
            organisation=case.organisation, case=case, version=1, created_by=user
        )
        AssessmentNeed.objects.create(
            assessment=assessment, dimension="safe_care", level="moderate"
        )
        cases.append(case)
    services.sibling_add(
        actor=user, child=cases[0].child, sibling_child=cases[1].child, placed_together=True
    )
    return cases[0]


@pytest.fixture
def places(pair):
    return {
        "home": matchable_place(name="Børnehjemmet Testrup"),
        "family": matchable_place(
            name="Plejefamilien Demosen",
            place_type=PlaceType.FOSTER_FAMILY_GENERAL,
            capacities=capacities(safe_care="light"),
        ),
        "reinforced": matchable_place(
            name="Plejefamilien Prøvesen",
            place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
            capacities=capacities(safe_care="none"),
        ),
    }


def _panel(html: str) -> str:
    section = html.split('<section class="matching-foster"', 1)[1].split("</section>", 1)[0]
    return plain(section).replace(" :", ":")  # a link's text and the colon after it


def test_foster_families_for_the_siblings_stand_beside_the_home_with_the_reasons(
    world, pair, places, client_for
):
    run = make_run(pair, world["caseworker"])
    status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert status == 200
    assert ranked_names(html)[0] == "Børnehjemmet Testrup"
    panel = _panel(html)
    assert "Plejefamilier" in panel
    assert panel.index("Plejefamilien Demosen") < panel.index("Plejefamilien Prøvesen")
    assert "Almen plejefamilie" in panel and "Forstærket plejefamilie" in panel
    # Each side is named with its provider, so "Afdeling A" says whose unit it is.
    assert re.search(
        r"Hvorfor [^:]+\(fiktiv\): Børnehjemmet Testrup står over [^:]+: Plejefamilien Demosen",
        panel,
    )
    # The line where the home scores better, both sides in words with their points.
    assert (
        "Plejefamilien Demosen: Stedets kapacitet på trygt omsorgsmiljø er 1 niveau under barnets "
        "behov. (−9,0) · Børnehjemmet Testrup: ingen point for dette (0,0)"
    ) in panel


def test_a_decided_foster_family_ranks_only_foster_families(world, pair, places, client_for):
    run = make_run(pair, world["caseworker"], RunOptions(required_forms=("foster_family",)))
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    assert ranked_names(html) == ["Plejefamilien Demosen", "Plejefamilien Prøvesen"]
    panel = _panel(html)
    assert "Den besluttede anbringelsesform er en plejefamilie" in panel
    assert "Hvorfor" not in panel


def test_without_a_foster_family_the_panel_says_why_they_were_left_out(world, pair, client_for):
    matchable_place(name="Børnehjemmet Testrup")
    matchable_place(
        name="Plejefamilien Demosen", place_type=PlaceType.FOSTER_FAMILY_GENERAL, age_max=3
    )
    run = make_run(pair, world["caseworker"])
    _status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)
    panel = _panel(html)
    assert "Ingen plejefamilie kan tage barnet i denne matchning." in panel
    assert "Alder uden for godkendelsen: 1 plejefamilie" in panel
