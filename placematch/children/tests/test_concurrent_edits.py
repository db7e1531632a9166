# SPDX-License-Identifier: MPL-2.0
"""Two caseworkers edit the same case, assessment or wish: the second, stale save is refused."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction

from matchengine.vocab import WishImportance, WishKind
from placematch.children import services, services_voice
from placematch.children.models import Assessment, Case, Wish
from placematch.children.tests.factories import CaseFactory, WishFactory
from placematch.core.concurrency import StaleEditError, lock_current
from placematch.core.tests.page_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel("2024-06-03 09:00 +0200", tick=False):
        yield


@pytest.fixture
def case(users, municipality):
    return CaseFactory(
        child__organisation=municipality,
        caseworkers=[users[("own", "caseworker")], users[("own", "team_leader")]],
    )


@pytest.fixture
def two(client_for, users):
    return client_for(users[("own", "caseworker")]), client_for(users[("own", "team_leader")])


def _load(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode())


def test_a_save_raises_the_version_in_the_database(case):
    assert case.version == 1
    case.safety_note = "x"
    case.save()
    assert case.version == 2
    Case.objects.get(pk=case.pk).save(update_fields=["status", "updated_at"])
    assert Case.objects.get(pk=case.pk).version == 3


def test_lock_current_passes_a_fresh_version_and_refuses_a_stale_one(case, caseworker):
    with transaction.atomic():
        assert lock_current(Case, pk=case.pk, expected_version=1).pk == case.pk
    services.case_update(actor=caseworker, case=case, changes={"non_disclosure": True})
    with transaction.atomic(), pytest.raises(StaleEditError) as caught:
        lock_current(Case, pk=case.pk, expected_version=1)
    assert caught.value.version == 2
    assert caught.value.current.non_disclosure is True


def test_a_stale_case_update_writes_nothing(case, caseworker):
    services.case_update(
        actor=caseworker, case=case, changes={"non_disclosure": True}, expected_version=1
    )
    with pytest.raises(StaleEditError):
        services.case_update(
            actor=caseworker, case=Case.objects.get(pk=case.pk),
            changes={"non_disclosure": False, "safety_note": "stale"}, expected_version=1,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.non_disclosure is True and case.safety_note == "" and case.version == 2


def test_a_service_call_without_a_version_still_makes_open_forms_stale(case, caseworker):
    services.case_update(actor=caseworker, case=case, changes={"intended_placement_date": None})
    assert Case.objects.get(pk=case.pk).version == 1  # nothing changed, nothing raised
    services.case_update(actor=caseworker, case=case, changes={"safety_note": "set by the move"})
    assert case.version == 2 and Case.objects.get(pk=case.pk).version == 2


def test_case_second_stale_save_is_refused_and_names_non_disclosure(two, case):
    first, second = two
    url = f"/children/cases/{case.pk}/edit/"
    mine, theirs = _load(first, url), _load(second, url)
    mine["non_disclosure"] = ["on"]
    assert first.post(url, mine).status_code == 302
    theirs["safety_note"] = ["Far har truet"]
    theirs["safety_concern"] = ["on"]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden: Anbringelsesstedet hemmeligholdes for forældrene (§ 105)" in html
    assert "Ændret i mellemtiden. Nu: Ja" in html
    assert "Far har truet" in html  # the second user's input is kept
    case.refresh_from_db()
    assert case.non_disclosure is True and not case.safety_concern
    # Saving again from the refused page carries the fresh version and goes through.
    again = form_data(html)
    again["non_disclosure"] = ["on"]
    assert second.post(url, again).status_code == 302
    case.refresh_from_db()
    assert case.non_disclosure is True and case.safety_note == "Far har truet"


def test_assessment_built_on_a_stale_version_is_refused(two, case):
    first, second = two
    url = f"/children/cases/{case.pk}/assessment/"
    mine, theirs = _load(first, url), _load(second, url)
    mine.update(level_health=["high"], note_health=["Astma, medicin dagligt"], note=["Lægen"])
    assert first.post(url, mine).status_code == 302
    theirs.update(level_schooling=["moderate"])
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden:" in html and "Sundhedsforhold" in html
    assert "Astma, medicin dagligt" in html
    assert list(Assessment.objects.filter(case=case).values_list("version", flat=True)) == [1]
    first_version = Assessment.objects.get(case=case)
    assert first_version.needs.get(dimension="health").note == "Astma, medicin dagligt"
    # The refused form now builds on version 1, so saving again adds version 2.
    assert second.post(url, form_data(html)).status_code == 302
    assert Assessment.objects.filter(case=case).count() == 2


def test_wish_second_stale_edit_is_refused_and_the_first_survives(two, case):
    wish = WishFactory(case=case)
    first, second = two
    url = f"/children/cases/{case.pk}/wishes/{wish.pk}/"
    mine, theirs = _load(first, url), _load(second, url)
    mine["text"] = ["En hund og en kat"]
    assert first.post(url, mine).status_code == 302
    theirs["importance"] = ["low"]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden: Ønsket" in html
    assert "Nu: En hund og en kat" in html
    wish.refresh_from_db()
    assert wish.text == "En hund og en kat" and wish.importance == "high"


def test_editing_a_wish_asks_for_a_new_read_back(case, caseworker):
    wish = WishFactory(case=case, confirmation="confirmed")
    services_voice.wish_update(
        actor=caseworker, wish=wish, kind=WishKind(wish.kind), text="Et andet ønske",
        importance=WishImportance(wish.importance), expected_version=wish.version,
    )  # fmt: skip
    wish.refresh_from_db()
    assert wish.confirmation == "pending" and wish.version == 2


def test_wish_edit_is_404_for_another_case(two, case, municipality):
    other = WishFactory(case=CaseFactory(child__organisation=municipality))
    first, _second = two
    assert first.get(f"/children/cases/{case.pk}/wishes/{other.pk}/").status_code == 404


def test_a_blank_wish_is_refused_and_nothing_written(two, case):
    wish = WishFactory(case=case)
    first, _second = two
    url = f"/children/cases/{case.pk}/wishes/{wish.pk}/"
    data = _load(first, url)
    data["text"] = ["  "]
    assert first.post(url, data).status_code == 400
    assert Wish.objects.get(pk=wish.pk).version == 1
