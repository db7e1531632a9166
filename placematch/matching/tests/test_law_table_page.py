# SPDX-License-Identifier: MPL-2.0
"""The law table on the match page: each row of ``matchengine/tests/test_law_table.py`` built
in the database, matched by a real run and read off the page a caseworker sees.

The ranked places must come in the row's order; a ruled-out place must be listed under "why
not" for its reason, and the row's reason must be there in Danish (on the place's card for a
factor, in the "why not" list for an exclusion). Rows marked engine-only have no input on the
case or the run and are tested against the engine alone.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, cast

import pytest
from django.utils import timezone

from matchengine.tests.test_law_table import ROWS, THIS_CHILD, LawRow, PlaceCase, birth_date
from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TeamFactory
from placematch.children import services as children_services
from placematch.children.models import Assessment, AssessmentNeed, Case, Child, Wish
from placematch.children.tests.factories import CaseFactory, ChildFactory, PersonFactory
from placematch.matching.adapter import RunOptions
from placematch.matching.tests.conftest import capacities
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import candidate_items, page, plain, ranked_names
from placematch.providers.ledger import place_reserve, reservation_convert
from placematch.providers.models import CapacityProfile, Place, VacancyDeclaration
from placematch.providers.services import data_version_bump, support_arrangement_create

PAGE_ROWS = [row for row in ROWS if not row.engine_only]

# What the page says for each row, in Danish: (place key, text on its card or "why not" row).
DANISH: dict[str, tuple[str, str]] = {
    "form_decided": (
        "home",
        "Stedet er af typen opholdssted; den besluttede form er plejefamilie.",
    ),
    "s43_type_decided": (
        "general",
        "Stedet er af typen almen plejefamilie; den besluttede form er forstærket plejefamilie.",
    ),
    "age_span": ("older", "Barnet er 10 år; godkendelsen dækker 12 til 17 år."),
    "approval_valid": ("ended", "ikke på dagen for matchet."),
    "network_other_child": ("network", "En netværksplejefamilie godkendt til et andet barn."),
    "secure_unit_needed": ("home", "Barnet skal anbringes på en sikret afdeling."),
    "restrictive_unit": (
        "partly",
        "En delvis lukket afdeling kræver sin egen afgørelse, og der er ingen registreret for "
        "dette match.",
    ),
    "heavy_need_target_group": ("other", "Godkendelsens målgrupper dækker ikke: Autisme."),
    "no_free_place": ("full", "0 ledige pladser; der skal bruges 1."),
    "sibling_group_places": ("one", "1 ledig plads; der skal bruges 2."),
    "vacancy_expired": ("expired", "Ledigmeldingen udløb den "),
    "vacancy_fresh": ("none", "Stedet har ikke meldt sine ledige pladser."),
    "practical_included": ("b", "Vist selv om: ledigmelding for gammel eller mangler."),
    "acute_intake": ("family", "Stedet tager ikke imod børn med kort varsel."),
    "capacity_gap": (
        "two",
        "Stedets kapacitet på trygt omsorgsmiljø er 2 niveauer under barnets behov.",
    ),
    "unassessed_need": (
        "moderate",
        "Stedets kapacitet på sundhedsforhold er 1 niveau under barnets behov.",
    ),
    "support_closes_gap": (
        "supported",
        "En støtteordning dækker behovet på trygt omsorgsmiljø; stedet er afhængigt af den.",
    ),
    "outside_target_groups": ("outside", "Stedet er ikke godkendt til: Angst og depression."),
    "wish_animals": ("none", "Ønsket “Dyr (vil gerne have dyr)”: ikke opfyldt."),
    "wish_country": ("town", "Ønsket “By eller land (land)”: ikke opfyldt."),
    "wish_live_near": ("far", "Ønsket “Bo tæt på”: ikke opfyldt, "),
    "wish_friends": ("far", "Ønsket “Venner”: ikke opfyldt, "),
    "wish_school": ("far", "Ønsket “Skole”: ikke opfyldt, "),
    "wish_siblings": ("there", "Ønsket “Søskende”: opfyldt."),
    "wish_weights": ("country", "Ønsket “Dyr (vil gerne have dyr)”: ikke opfyldt. −11,2"),
    "sibling_already_there": ("there", "En søster eller bror bor her allerede."),
    "own_network_family": ("network", "En netværksplejefamilie godkendt til dette barn."),
    "school_kept": ("middle", "km til barnets nuværende skole."),
    "parents_near": ("far", "Afstand til forældrene."),
    "non_disclosure": ("b_near", ""),  # what must *not* be there: see the test
    "network_near": ("near", "0 km til den nærmeste i barnets netværk."),
    "younger_children_safe": (
        "younger",
        "Her bor yngre børn, og barnets adfærd kan bringe dem i fare.",
    ),
    "household_size": ("big", "Her bor 3 andre børn; barnet kan bo med højst 1."),
    "animal_allergy": ("pets", "Her er dyr, og barnet er allergisk."),
}


def _name(key: str) -> str:
    return f"Afdeling {key}"


@pytest.fixture
def caseworker(municipality, make_user):
    return make_user(municipality, Role.CASEWORKER, team=TeamFactory(organisation=municipality))


def _case(row: LawRow, caseworker: Any, *, first_name: str = "Sigrid", age: int = 0) -> Case:
    c = row.child
    child = ChildFactory(
        organisation=caseworker.organisation,
        first_name=first_name,
        last_name="Opdigtsen",
        birth_date=birth_date(age or c.age, timezone.localdate()),
        school_postcode=c.school,
    )
    case = cast(Case, CaseFactory(
        child=child, team=caseworker.team, caseworkers=[caseworker], status="matching",
        non_disclosure=c.non_disclosure,
    ))  # fmt: skip
    assessment = Assessment.objects.create(
        organisation=case.organisation, case=case, version=1, created_by=caseworker,
        need_tags=list(c.tags),
    )  # fmt: skip
    for dimension, level in c.needs.items():
        AssessmentNeed.objects.create(assessment=assessment, dimension=dimension, level=level)
    return case


def _wishes(row: LawRow, case: Case) -> None:
    for wish in row.child.wishes:
        Wish.objects.create(
            organisation=case.organisation, case=case, kind=wish.kind, text="Mit ønske",
            importance=wish.importance, postcode=wish.postcode, setting=wish.setting,
            animals=wish.animals,
        )  # fmt: skip


def _persons(row: LawRow, case: Case) -> None:
    for postcode in row.child.parents:
        PersonFactory(child=case.child, kind="custody_holder", postcode=postcode)
    for postcode in row.child.network:
        PersonFactory(child=case.child, kind="network", relation="Moster", postcode=postcode)


def _place(spec: PlaceCase, case: Case, caseworker: Any) -> Place:
    today = timezone.localdate()
    place = matchable_place(
        name=_name(spec.key),
        place_type=spec.type,
        capacity=spec.places,
        postcode=spec.postcode,
        capacities=capacities(**spec.capacity),
        target_groups=list(spec.targets),
        age_min=spec.ages[0],
        age_max=spec.ages[1],
    )
    if spec.network_for:
        child_ref = case.child.ref if spec.network_for == THIS_CHILD else uuid.uuid4()
        place.approvals.update(
            authority="municipality", approving_municipality=case.organisation, child_ref=child_ref
        )
        place.provider.responsible_municipality = case.organisation
        place.provider.save()
    if spec.approval_ended_days_ago is not None:
        place.approvals.update(
            valid_to=today - datetime.timedelta(days=spec.approval_ended_days_ago)
        )
    if spec.declared_days_ago != 0 or spec.expires_in_days != 30:
        VacancyDeclaration.objects.filter(place=place).delete()
        if spec.declared_days_ago is not None:
            VacancyDeclaration.objects.create(
                place=place,
                declared_on=today - datetime.timedelta(days=spec.declared_days_ago),
                expires_on=today + datetime.timedelta(days=spec.expires_in_days),
                free_places=spec.places,
            )
    if spec.animals or spec.setting != "town" or spec.children_ages or spec.languages:
        latest = place.profiles.get()
        CapacityProfile.objects.create(
            place=place, version=2, capacities=latest.capacities, setting=spec.setting,
            animals="To hunde" if spec.animals else "", languages=list(spec.languages),
            other_children_ages=list(spec.children_ages),
        )  # fmt: skip
    for _ in range(spec.taken):
        place_reserve(actor=caseworker, place=place, child_ref=uuid.uuid4())
    for kind, dimensions in spec.support:
        place.provider.responsible_municipality = case.organisation
        place.provider.save()
        support_arrangement_create(
            actor=caseworker, family=place.provider, kind=kind, dimensions=list(dimensions),
            hours_per_month=8, valid_from=today - datetime.timedelta(days=30),
            supporter_name="Opholdsstedet Bakkely (fiktiv)",
        )  # fmt: skip
    data_version_bump()
    return place


def _siblings(row: LawRow, case: Case, caseworker: Any, places: dict[str, Place]) -> None:
    c = row.child
    if c.group_size > 1:
        sibling = _case(row, caseworker, first_name="Bertil", age=c.age - 2)
        children_services.sibling_add(
            actor=caseworker, child=case.child, sibling_child=sibling.child, placed_together=True
        )
    if c.sibling_lives_at:
        other = cast(Child, ChildFactory(organisation=case.organisation, first_name="Alma"))
        children_services.sibling_add(
            actor=caseworker, child=case.child, sibling_child=other, placed_together=False
        )
        held = place_reserve(
            actor=caseworker, place=places[c.sibling_lives_at], child_ref=other.ref
        )
        reservation_convert(actor=caseworker, reservation=held)


def _options(row: LawRow) -> RunOptions:
    c = row.child
    return RunOptions(
        required_forms=row.child.forms,
        acute=c.acute,
        secure_unit_needed=c.secure_unit_needed,
        partly_closed_unit_allowed=c.partly_closed_unit_allowed,
        animal_allergy=c.animal_allergy,
        max_other_children=c.max_other_children,
        include_practical=row.include_practical,
    )


def test_every_page_row_says_what_the_page_must_show():
    assert set(DANISH) == {row.id for row in PAGE_ROWS}
    assert {row.id for row in ROWS if row.engine_only} == {
        "gender_rule",
        "ruled_out_by_caseworker",
        "cultural_continuity",
    }


@pytest.mark.parametrize("row", PAGE_ROWS, ids=[row.id for row in PAGE_ROWS])
def test_law_row_on_the_match_page(row: LawRow, caseworker, client_for) -> None:
    case = _case(row, caseworker)
    _wishes(row, case)
    _persons(row, case)
    places = {spec.key: _place(spec, case, caseworker) for spec in row.places}
    _siblings(row, case, caseworker, places)
    run = make_run(case, caseworker, _options(row))
    client = client_for(caseworker)

    status, html = page(client, "matching:run_detail", run)
    assert status == 200
    assert ranked_names(html) == [_name(key) for key in row.order], row.rule
    cards = dict(zip(ranked_names(html), candidate_items(html), strict=True))
    key, text = DANISH[row.id]

    # Every ruled-out place is listed under "why not" for each of its reasons.
    why_not: dict[str, str] = {}
    for place_key, codes in row.excluded.items():
        for code in codes:
            if code not in why_not:
                why_not[code] = plain(
                    page(client, "matching:run_why_not", run, f"reason={code}")[1]
                )
            assert _name(place_key) in why_not[code], (row.rule, place_key, code)
    if key in row.excluded:
        shown = why_not[row.excluded[key][0]]
        assert text in shown.split(_name(key), 1)[1], row.rule
    elif row.id == "non_disclosure":
        # Nothing on the page steers the child towards the parents.
        assert "Afstand til forældrene" not in plain(html)
    else:
        assert text in plain(cards[_name(key)]), row.rule
