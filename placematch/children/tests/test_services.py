# SPDX-License-Identifier: MPL-2.0
"""Services: validation with clear messages, nothing half-saved, versions, audit rows."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from matchengine.vocab import Dimension, NeedTag, SupportLevel, WishImportance, WishKind
from placematch.audit.models import AccessLogEntry
from placematch.children import selectors, services, services_voice
from placematch.children.models import Assessment, Case, Child, Confirmation, Sibling
from placematch.children.models.assessment import ImmutableError
from placematch.children.tests.factories import CaseFactory, ChildFactory, PersonFactory

pytestmark = pytest.mark.django_db

NEW_CHILD = {
    "first_name": "Alma",
    "last_name": "Eksempelsen",
    "birth_date": date(2014, 3, 2),
    "case_number": "SAG-1",
    "address_postcode": "8000",
    "case_type": "first_placement",
    "aware_date": date(2024, 5, 1),
}


@time_machine.travel("2024-06-01 10:00 +0200", tick=False)
def test_child_create_assigns_the_actor_and_logs(caseworker):
    case = services.child_create(actor=caseworker, **NEW_CHILD)
    assert list(case.caseworkers.all()) == [caseworker]
    assert case.team == caseworker.team
    rows = AccessLogEntry.objects.filter(subject_id=str(case.child.pk), action="create")
    assert {r.object_type for r in rows} == {"children.child", "children.case"}


@time_machine.travel("2024-06-01 10:00 +0200", tick=False)
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"birth_date": date(2024, 6, 2)}, "fremtiden"),
        ({"birth_date": date(2006, 6, 1)}, "18"),
        ({"address_postcode": "0001"}, "ikke et dansk postnummer"),
        ({"school_postcode": "12ab"}, "ikke et dansk postnummer"),
    ],
)
def test_child_create_refuses_bad_input_in_danish_and_saves_nothing(caseworker, change, words):
    with pytest.raises(ValidationError) as error:
        services.child_create(actor=caseworker, **{**NEW_CHILD, **change})
    assert words in " ".join(error.value.messages)
    assert not Child.objects.exists()
    assert not Case.objects.exists()


@time_machine.travel("2024-06-01 10:00 +0200", tick=False)
def test_a_child_one_day_before_18_is_accepted(caseworker):
    case = services.child_create(actor=caseworker, **{**NEW_CHILD, "birth_date": date(2006, 6, 2)})
    assert case.child.age_on(date(2024, 6, 1)) == 17


def test_sibling_split_without_reason_is_refused(caseworker, municipality):
    child = ChildFactory(organisation=municipality)
    with pytest.raises(ValidationError) as error:
        services.sibling_add(actor=caseworker, child=child, name="Bror", placed_together=False)
    assert "§ 52" in error.value.messages[0]
    assert not Sibling.objects.exists()
    sibling = services.sibling_add(
        actor=caseworker, child=child, name="Bror", split_reason="Bror bor hos sin far."
    )
    assert sibling.split_reason


def test_sibling_in_another_municipality_is_refused(caseworker, municipality, other_municipality):
    child = ChildFactory(organisation=municipality)
    stranger = ChildFactory(organisation=other_municipality)
    with pytest.raises(ValidationError):
        services.sibling_add(
            actor=caseworker, child=child, sibling_child=stranger, placed_together=True
        )


def test_assessment_versions_are_immutable(caseworker, municipality):
    case = CaseFactory(child__organisation=municipality)
    first = services.assessment_create(
        actor=caseworker,
        case=case,
        needs=[services.NeedInput(Dimension.HEALTH, SupportLevel.LIGHT)],
        need_tags=[NeedTag.ADHD],
    )
    second = services.assessment_create(
        actor=caseworker, case=case, needs=[services.NeedInput(Dimension.HEALTH, SupportLevel.HIGH)]
    )
    assert (first.version, second.version) == (1, 2)
    assert second.levels()[Dimension.HEALTH] == "high"
    assert second.levels()[Dimension.SCHOOLING] == "not_assessed"
    first.resources = "changed"
    with pytest.raises(ImmutableError):
        first.save()
    with pytest.raises(ImmutableError):
        first.delete()
    assert Assessment.objects.get(pk=first.pk).resources == ""


def test_visibility_of_cases(users, municipality):
    caseworker = users[("own", "caseworker")]
    leader = users[("own", "team_leader")]
    other_caseworker = users[("own", "admin")]
    mine = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    teams = CaseFactory(child__organisation=municipality, team=caseworker.team)
    nobody = CaseFactory(child__organisation=municipality)
    assert set(selectors.visible_cases(caseworker)) == {mine, teams}
    assert set(selectors.visible_cases(leader)) == {mine, teams, nobody}
    assert not selectors.visible_cases(other_caseworker).exists()
    assert not selectors.visible_cases(users[("other", "team_leader")]).exists()
    with pytest.raises(Http404):
        selectors.case_get(caseworker, nobody.pk)


def test_wish_read_back_requires_a_correction_text(municipality):
    case = CaseFactory(child__organisation=municipality)
    wish = services_voice.wish_add(
        actor=None, case=case, kind=WishKind.ANIMALS, text="En hund", importance=WishImportance.HIGH
    )
    with pytest.raises(ValidationError):
        services_voice.wish_read_back(case=case, answers={wish.pk: (False, " ")})
    wish.refresh_from_db()
    assert wish.confirmation == Confirmation.PENDING
    services_voice.wish_read_back(case=case, answers={wish.pk: (False, "En kat")})
    wish.refresh_from_db()
    assert (wish.confirmation, wish.correction) == (Confirmation.CORRECTED, "En kat")


def test_parent_view_consent_needs_date_and_form(caseworker, municipality):
    case = CaseFactory(child__organisation=municipality)
    mother = PersonFactory(child=case.child, organisation=municipality)
    with pytest.raises(ValidationError):
        services_voice.parent_view_save(
            actor=caseworker, case=case, person=mother, views="Ok", consent="given"
        )
    view = services_voice.parent_view_save(
        actor=caseworker,
        case=case,
        person=mother,
        views="Ok",
        consent="given",
        consent_date=date(2024, 2, 1),
        consent_form="written",
    )
    assert view.consent == "given"
