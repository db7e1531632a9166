# SPDX-License-Identifier: MPL-2.0
"""Two caseworkers edit one case, assessment, wish or parent's views: the stale save is refused."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction

from matchengine.vocab import WishImportance, WishKind
from placematch.children import services, services_voice
from placematch.children.models import Assessment, Case, ParentView, PersonKind, Wish
from placematch.children.tests.factories import CaseFactory, PersonFactory, WishFactory
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
    services.case_update(actor=caseworker, case=case, changes={"safety_concern": True})
    with transaction.atomic(), pytest.raises(StaleEditError) as caught:
        lock_current(Case, pk=case.pk, expected_version=1)
    assert caught.value.version == 2
    assert caught.value.current.safety_concern is True


def test_a_stale_case_update_writes_nothing(case, caseworker):
    services.case_update(
        actor=caseworker, case=case, changes={"safety_concern": True}, expected_version=1
    )
    with pytest.raises(StaleEditError):
        services.case_update(
            actor=caseworker, case=Case.objects.get(pk=case.pk),
            changes={"safety_concern": False, "safety_note": "stale"}, expected_version=1,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.safety_concern is True and case.safety_note == "" and case.version == 2


def test_a_service_call_without_a_version_still_makes_open_forms_stale(case, caseworker):
    services.case_update(actor=caseworker, case=case, changes={"intended_placement_date": None})
    assert Case.objects.get(pk=case.pk).version == 1  # nothing changed, nothing raised
    services.case_update(actor=caseworker, case=case, changes={"safety_note": "set by the move"})
    assert case.version == 2 and Case.objects.get(pk=case.pk).version == 2


def test_case_second_stale_save_is_refused_and_names_the_changed_field(two, case):
    first, second = two
    url = f"/children/cases/{case.pk}/edit/"
    mine, theirs = _load(first, url), _load(second, url)
    mine["child_requested"] = ["on"]
    assert first.post(url, mine).status_code == 302
    theirs["safety_note"] = ["Far har truet"]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden: Barnet har selv bedt om at blive anbragt (§ 48)" in html
    assert "Ændret i mellemtiden og overført til formularen. Nu: Ja" in html
    assert "Far har truet" in html  # the second user's input is kept
    case.refresh_from_db()
    assert case.child_requested is True and case.safety_note == ""
    # Saving again from the refused page, as it stands, carries the fresh version and keeps
    # the first user's change, which the second user never touched.
    again = form_data(html)
    assert again["child_requested"] == ["on"]
    assert second.post(url, again).status_code == 302
    case.refresh_from_db()
    assert case.child_requested is True and case.safety_note == "Far har truet"


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


@pytest.fixture
def mother(case, municipality):
    return PersonFactory(
        child=case.child, organisation=municipality, kind=PersonKind.CUSTODY_HOLDER,
        name="Hanne Fiktivholm", relation="Mor",
    )  # fmt: skip


def _parents(case) -> str:
    return f"/children/cases/{case.pk}/parents/"


def test_parent_views_second_stale_save_is_refused_and_the_first_survives(two, case, mother):
    ParentView.objects.create(
        organisation=case.organisation, case=case, person=mother, views="Hun vil gerne flytte."
    )
    first, second = two
    url = _parents(case)
    mine, theirs = _load(first, url), _load(second, url)
    prefix = f"p{mother.pk}-"
    mine[prefix + "views"] = ["Hun vil helst blive i byen."]
    assert first.post(url, mine).status_code == 302
    theirs[prefix + "worries"] = ["Skolevejen er lang."]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden: Syn på anbringelsen" in html
    assert "Nu: Hun vil helst blive i byen." in html
    assert "Skolevejen er lang." in html  # the second user's input is kept
    view = ParentView.objects.get(case=case, person=mother)
    assert (view.views, view.worries, view.version) == ("Hun vil helst blive i byen.", "", 2)
    # Saving the refused form again is a deliberate choice with the fresh version.
    assert second.post(url, form_data(html)).status_code == 302
    assert ParentView.objects.get(pk=view.pk).worries == "Skolevejen er lang."


def test_two_first_saves_of_a_parents_views_do_not_overwrite_each_other(two, case, mother):
    first, second = two
    url = _parents(case)
    mine, theirs = _load(first, url), _load(second, url)
    prefix = f"p{mother.pk}-"
    assert mine[prefix + "edit_version"] == ["0"]  # no views recorded yet
    mine[prefix + "views"] = ["Første udgave"]
    theirs[prefix + "views"] = ["Anden udgave"]
    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)
    assert response.status_code == 400
    assert "Nu: Første udgave" in response.content.decode()
    assert list(ParentView.objects.values_list("views", flat=True)) == ["Første udgave"]


def test_the_htmx_panel_comes_back_with_the_new_version(two, case, mother):
    first, _second = two
    url = _parents(case)
    data = _load(first, url)
    prefix = f"p{mother.pk}-"
    data[prefix + "views"] = ["Første udgave"]
    panel = first.post(url, data, HTTP_HX_REQUEST="true")
    assert panel.status_code == 200 and "Første udgave" in panel.content.decode()
    again = form_data(panel.content.decode())
    assert again[prefix + "edit_version"] == ["1"]
    again[prefix + "views"] = ["Anden udgave"]
    assert first.post(url, again, HTTP_HX_REQUEST="true").status_code == 200
    view = ParentView.objects.get(case=case, person=mother)
    assert (view.views, view.version) == ("Anden udgave", 2)


def test_a_stale_parent_view_save_writes_nothing(case, mother, caseworker):
    services_voice.parent_view_save(
        actor=caseworker, case=case, person=mother, views="Ny", expected_version=0
    )
    with pytest.raises(StaleEditError) as caught:
        services_voice.parent_view_save(
            actor=caseworker, case=case, person=mother, views="Gammel", expected_version=0
        )
    assert caught.value.version == 1 and caught.value.current.views == "Ny"
    assert list(ParentView.objects.values_list("views", "version")) == [("Ny", 1)]
