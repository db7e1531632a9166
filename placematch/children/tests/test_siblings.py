# SPDX-License-Identifier: MPL-2.0
"""Siblings both ways: a link shows on both cases, the group is the same from either case, and
only siblings under 18 who are placed or to be placed count as placed elsewhere (§ 52)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from placematch.children import rules, selectors, services
from placematch.children.attention import attention_points
from placematch.children.models import Sibling
from placematch.children.tests.factories import CaseFactory, ChildFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)
MIGRATION = "placematch.children.migrations.0007_sibling_links_both_ways"
ON_TODAY = time_machine.travel("2026-06-01 10:00 +0200", tick=False)


@pytest.mark.parametrize(
    ("rule", "age", "placed", "counts"),
    [
        ("a placed child counts", 8, True, True),
        ("the day before 18 still counts", 17, True, True),
        ("an adult brother does not count", 19, True, False),
        ("18 exactly does not count", 18, True, False),
        ("a sister at home does not count", 12, False, False),
        ("an unknown age counts, so a doubt warns", None, True, True),
    ],
)
def test_which_siblings_count_for_section_52(rule, age, placed, counts):
    assert rules.sibling_counts(age=age, placed_or_to_be=placed) is counts, rule


@pytest.mark.parametrize(
    ("rule", "birth_date", "birth_year", "age"),
    [
        ("a birth date gives the exact age", date(2018, 6, 2), None, 7),
        ("a birth year gives the youngest possible age", None, 2008, 17),
        ("born 19 years ago by year is at least 18", None, 2007, 18),
        ("no birth date or year: unknown", None, None, None),
    ],
)
def test_a_siblings_age(rule, birth_date, birth_year, age):
    assert rules.sibling_age(birth_date, birth_year, TODAY) == age, rule


def _pair(municipality):
    older = CaseFactory(
        child__organisation=municipality, child__first_name="Bertil",
        child__birth_date=date(2018, 3, 1),
    ).child  # fmt: skip
    younger = CaseFactory(
        child__organisation=municipality, child__first_name="Alma",
        child__birth_date=date(2020, 2, 1),
    ).child  # fmt: skip
    return older, younger


@ON_TODAY
def test_linking_on_one_case_shows_on_the_other_and_removing_removes_both(caseworker, municipality):
    older, younger = _pair(municipality)
    services.sibling_add(actor=caseworker, child=older, sibling_child=younger, placed_together=True)
    mirror = Sibling.objects.get(child=younger)
    assert mirror.sibling_child == older and mirror.placed_together
    assert [line.sibling.display_name for line in selectors.sibling_lines(younger, TODAY)] == [
        older.name
    ]
    # The group is the same pair from either case.
    assert [c.pk for c in selectors.placement_group(younger, TODAY).children] == [
        younger.pk, older.pk,
    ]  # fmt: skip
    assert selectors.placement_group(older, TODAY).size == 2
    with pytest.raises(ValidationError):
        services.sibling_add(actor=caseworker, child=younger, sibling_child=older)
    services.sibling_remove(actor=caseworker, sibling=mirror)
    assert not Sibling.objects.exists()
    assert selectors.placement_group(older, TODAY).size == 1


@ON_TODAY
def test_a_sisters_sister_is_in_the_group_and_an_adult_brother_is_not(caseworker, municipality):
    older, younger = _pair(municipality)
    third = CaseFactory(child__organisation=municipality, child__birth_date=date(2016, 1, 1)).child
    adult = ChildFactory(organisation=municipality, birth_date=date(2007, 1, 1))
    services.sibling_add(actor=caseworker, child=older, sibling_child=younger, placed_together=True)
    services.sibling_add(actor=caseworker, child=younger, sibling_child=third, placed_together=True)
    services.sibling_add(actor=caseworker, child=older, sibling_child=adult, placed_together=True)
    group = selectors.placement_group(third, TODAY)
    assert {c.pk for c in group.children} == {older.pk, younger.pk, third.pk}


@ON_TODAY
def test_an_adult_brother_is_not_placed_elsewhere_nor_a_separation(caseworker, municipality):
    case = CaseFactory(child__organisation=municipality, child__birth_date=date(2014, 1, 1))
    child = case.child
    # No reason is asked for an adult brother who lives on his own.
    services.sibling_add(actor=caseworker, child=child, name="Asger", birth_year=2007)
    assert selectors.siblings_apart(child, TODAY) == []
    with translation.override("en"):
        titles = [p.title for p in attention_points(case, None, TODAY)]
    assert "Separation from siblings" not in titles
    # A younger sister placed elsewhere is; she needs the reason and brings the warning.
    with pytest.raises(ValidationError):
        services.sibling_add(actor=caseworker, child=child, name="Cecilie", birth_year=2017)
    services.sibling_add(
        actor=caseworker, child=child, name="Cecilie", birth_year=2017,
        split_reason="Cecilie bor i en plejefamilie, der kun har plads til hende.",
    )  # fmt: skip
    assert [s.name for s in selectors.siblings_apart(child, TODAY)] == ["Cecilie"]
    with translation.override("en"):
        titles = [p.title for p in attention_points(case, None, TODAY)]
    assert "Separation from siblings" in titles


def test_existing_one_way_links_get_their_other_side(municipality):
    older, younger = _pair(municipality)
    Sibling.objects.create(
        organisation=municipality, child=older, sibling_child=younger, placed_together=True
    )
    migration = importlib.import_module(
        "placematch.children.migrations.0007_sibling_links_both_ways"
    )
    migration.mirror_links(apps, None)
    migration.mirror_links(apps, None)  # running twice adds nothing more
    mirror = Sibling.objects.get(child=younger)
    assert mirror.sibling_child == older and mirror.placed_together
    assert Sibling.objects.count() == 2


def test_the_younger_siblings_case_shows_the_older_linked_on_the_others_page(
    client_for, caseworker, municipality
):
    older = CaseFactory(
        child__organisation=municipality, child__first_name="Bertil",
        child__birth_date=date(2018, 3, 1), caseworkers=[caseworker],
    )  # fmt: skip
    younger = CaseFactory(
        child__organisation=municipality, child__first_name="Alma",
        child__birth_date=date(2020, 2, 1), caseworkers=[caseworker],
    )  # fmt: skip
    client = client_for(caseworker)
    response = client.post(
        f"/children/cases/{older.pk}/people/",
        {"action": "sibling", "sibling-sibling_child": str(younger.child.pk),
         "sibling-placed_together": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    html = client.get(f"/children/cases/{younger.pk}/").content.decode()
    assert older.child.name in html and "Ingen søskende registreret" not in html
    mirror = Sibling.objects.get(child=younger.child)
    response = client.post(
        f"/children/cases/{younger.pk}/people/",
        {"action": "sibling_remove", "remove-sibling": str(mirror.pk)},
    )
    assert response.status_code == 302
    html = client.get(f"/children/cases/{older.pk}/").content.decode()
    assert "Ingen søskende registreret" in html


def test_removing_a_sibling_of_another_child_is_refused(client_for, caseworker, municipality):
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    other = Sibling.objects.create(
        organisation=municipality, child=ChildFactory(organisation=municipality), name="Asger",
        split_reason="Bor hos sin far.",
    )  # fmt: skip
    response = client_for(caseworker).post(
        f"/children/cases/{case.pk}/people/",
        {"action": "sibling_remove", "remove-sibling": str(other.pk)},
    )
    assert response.status_code == 400
    assert "ikke længere registreret" in response.content.decode()
    assert Sibling.objects.filter(pk=other.pk).exists()
