# SPDX-License-Identifier: MPL-2.0
"""Non-disclosure (§ 105) across the apps: the case's places, paused links, parent pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from placematch.children import disclosure, services_voice
from placematch.children.link_forms import PARENT_FORM
from placematch.children.models import Conversation, PersonKind, Sibling, Wish
from placematch.children.services_disclosure import non_disclosure_decide, non_disclosure_lift
from placematch.children.tests.factories import CaseFactory, PersonFactory
from placematch.children.tests.test_link_forms import lix, visible_text
from placematch.core.disclosure import found
from placematch.decisions.disclosure import case_places
from placematch.involvement.services import link_issue
from placematch.matching.tests.factories import InquiryFactory
from placematch.preparation.link_forms import PARENT_FEEDBACK
from placematch.providers.models import Reservation
from placematch.providers.tests.factories import PlaceFactory, ProviderFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 3)
PAUSED = "Siden er ikke åben lige nu"
# Every kind of identifier of the reserved place, as a caseworker might write it.
IDENTIFIERS = [
    "Lærkereden", "Lærkeredens", "Skovly", "Søren Kragh", "Bakkedraget 14B", "8680", "Ry",
    "86 89 12 34", "+45 86891234", "kontakt@laerkereden.dk", "Lyngbakken",
]  # fmt: skip
SEED = "Vi har talt om " + ", ".join(IDENTIFIERS) + "."


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel("2024-06-03 09:00 +0200", tick=False):
        yield


@pytest.fixture
def world(users, municipality):
    caseworker = users[("own", "caseworker")]
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    child = case.child
    provider = ProviderFactory(
        name="Opholdsstedet Lærkereden ApS", address="Bakkedraget 14B", postcode="8680",
        contact_name="Søren Kragh", contact_phone="86 89 12 34",
        contact_email="kontakt@laerkereden.dk",
    )  # fmt: skip
    place = PlaceFactory(provider=provider, name="Afdeling Skovly")
    Reservation.objects.create(place=place, child_ref=child.ref, start=TODAY, created_by=caseworker)
    asked = PlaceFactory(provider=ProviderFactory(name="Plejefamilien Lyngbakken"))
    InquiryFactory(case=case, place=asked, sent_by=caseworker)
    return {
        "case": case,
        "caseworker": caseworker,
        "place": place,
        "asked": asked,
        "mother": PersonFactory(child=child, kind=PersonKind.CUSTODY_HOLDER, relation="Mor"),
        "father": PersonFactory(child=child, kind=PersonKind.CUSTODY_HOLDER, relation="Far"),
    }


def open_link(world, form_key: str, person) -> Client:
    _link, token = link_issue(
        actor=world["caseworker"], form_key=form_key, subject_id=str(world["case"].child_id),
        person_id=str(person.pk),
    )  # fmt: skip
    visitor = Client()
    assert visitor.get(f"/l/{token}/").status_code == 302
    return visitor


def pages(visitor: Client, steps: list[str]) -> dict[str, str]:
    result = {}
    for step in steps:
        response = visitor.get(f"/l/form/{step}/" if step else "/l/form/")
        assert response.status_code in (200, 302), step
        result[step] = response.content.decode() if response.status_code == 200 else ""
    return result


def decide(world, **scope):
    values = {"decided_on": TODAY, "reason": "Risiko for bortførelse", **scope}
    return non_disclosure_decide(actor=world["caseworker"], case=world["case"], **values)


def test_every_place_the_case_is_at_is_protected(world):
    assert set(case_places(world["case"])) == {world["place"], world["asked"]}
    terms = disclosure.protected_terms(world["case"])
    assert [word for word in IDENTIFIERS if not found(word, terms)] == []
    assert found("Han bryder sig ikke om Ryan og tryghed i 8600.", terms) == []


def test_switching_on_lists_the_texts_and_pauses_only_the_covered_parents_links(world):
    case, mother, father = world["case"], world["mother"], world["father"]
    for person in (mother, father):
        services_voice.parent_view_save(
            actor=world["caseworker"], case=case, person=person,
            views=f"{person.relation} vil gerne besøge Lærkereden i Ry.",
        )  # fmt: skip
    mother_views = open_link(world, PARENT_FORM, mother)
    assert "Lærkereden" in pages(mother_views, ["heard"])["heard"]  # no § 105 yet
    decide(world, persons=[mother])
    listed = disclosure.texts_to_rewrite(case)
    assert [(r.text.person_id, r.words) for r in listed] == [
        (mother.pk, ["Lærkereden", "Ry"]),
        (father.pk, ["Lærkereden", "Ry"]),
    ]
    # The mother's links pause on every page, the views form and the meeting feedback alike.
    mother_feedback = open_link(world, PARENT_FEEDBACK, mother)
    for visitor, steps in ((mother_views, ["", "views", "heard", "done"]),
                           (mother_feedback, ["", "done"])):  # fmt: skip
        for step, html in pages(visitor, steps).items():
            assert PAUSED in html and "Lærkereden" not in html, step
            assert lix(visible_text(html)) <= 35
    response = mother_views.post("/l/form/heard/", {"right": "yes"})
    assert PAUSED in response.content.decode()
    assert case.parent_views.get(person=mother).confirmation == "pending"  # nothing saved
    # The father is outside the decision's scope: he keeps his full information.
    father_views = open_link(world, PARENT_FORM, father)
    assert "Lærkereden" in pages(father_views, ["heard"])["heard"]
    # Rewritten, the mother's page is open again.
    services_voice.parent_view_save(
        actor=world["caseworker"], case=case, person=father, views="Far vil gerne ringe."
    )
    with pytest.raises(Exception, match="Lærkereden"):
        services_voice.parent_view_save(
            actor=world["caseworker"], case=case, person=mother, views="Mor og Lærkereden."
        )
    case.parent_views.filter(person=mother).update(views="Mor vil gerne ringe.")
    assert disclosure.texts_to_rewrite(case) == []
    assert "Mor vil gerne ringe." in pages(mother_views, ["heard"])["heard"]


def test_lifting_opens_the_links_again(world):
    case, mother = world["case"], world["mother"]
    services_voice.parent_view_save(
        actor=world["caseworker"], case=case, person=mother, views="Lærkereden er god."
    )
    decision = decide(world, all_parents=True)
    visitor = open_link(world, PARENT_FORM, mother)
    assert PAUSED in pages(visitor, [""])[""]
    non_disclosure_lift(
        actor=world["caseworker"], case=case, decision=decision, decided_on=TODAY, reason="Ophævet"
    )
    assert PAUSED not in pages(visitor, [""])[""]


def test_no_parent_page_shows_a_place_identifier_from_any_free_text(world):
    """Every free text of a § 105 case names the place; no parent-facing page shows any of it."""
    case, mother, caseworker = world["case"], world["mother"], world["caseworker"]
    org = case.organisation
    Conversation.objects.create(
        organisation=org, case=case, held_on=TODAY, present=SEED, child_words=SEED,
        agreed=SEED, created_by=caseworker,
    )  # fmt: skip
    Wish.objects.create(organisation=org, case=case, kind="animals", text=SEED, correction=SEED)
    Sibling.objects.create(organisation=org, child=case.child, name="Storm", lives_with=SEED,
                           split_reason=SEED)  # fmt: skip
    case.safety_note = SEED
    case.save(update_fields=["safety_note"])
    services_voice.parent_view_save(
        actor=caseworker, case=case, person=mother, views=SEED, wishes=SEED, worries=SEED,
        contact_wishes=SEED,
    )  # fmt: skip
    decide(world, all_parents=True, reason=SEED)
    terms = disclosure.protected_terms(case)
    views, feedback = (
        open_link(world, PARENT_FORM, mother),
        open_link(world, PARENT_FEEDBACK, mother),
    )
    seen = {**pages(views, ["", "views", "heard", "done"]), **pages(feedback, ["", "done"])}
    # Rewritten for the parents, the pages open, and still show none of the other texts.
    case.parent_views.filter(person=mother).update(
        views="Mor ønsker, at Ida får det godt.", wishes="", worries="", contact_wishes=""
    )
    seen |= {f"after-{k}": v for k, v in pages(views, ["", "views", "heard", "done"]).items()}
    seen |= {f"after-f{k}": v for k, v in pages(feedback, ["", "done"]).items()}
    assert "Mor ønsker, at Ida får det godt." in seen["after-heard"]
    for step, html in seen.items():
        text = visible_text(html) if html else ""
        assert found(text, terms) == [], step
        assert "Lærkereden" not in html and "Bakkedraget" not in html, step


def test_the_reasons_written_for_the_parents_are_refused_when_they_name_the_place(world):
    from placematch.decisions.letters import letter_text_problems

    def problems(text: str) -> dict[str, list[str]]:
        return letter_text_problems(
            case=world["case"], kind="lasting", reasons_for_parents=text,
            reasons_for_child="Du skal bo et godt sted.", child_party=True,
        )  # fmt: skip

    assert problems("Lærkeredens voksne har erfaring.") == {}  # no § 105 yet
    decide(world, all_parents=True)
    refused = problems("Lærkeredens voksne i Ry har erfaring.")
    assert list(refused) == ["reasons_for_parents"]
    assert "“Lærkeredens”, “Ry”" in refused["reasons_for_parents"][0]
    assert problems("De voksne har erfaring med børn som Ida.") == {}
