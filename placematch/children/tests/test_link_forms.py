# SPDX-License-Identifier: MPL-2.0
"""The child's and parents' link forms: answers, "what we heard", corrections, plain Danish."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from placematch.audit.models import AccessLogEntry
from placematch.children.link_forms import CHILD_FORM, PARENT_FORM, can_manage, organisation_of
from placematch.children.models import Confirmation, ParentView, Wish
from placematch.children.tests.factories import (
    CaseFactory,
    ConversationFactory,
    PersonFactory,
    WishFactory,
)
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_issue

pytestmark = pytest.mark.django_db

CHILD_STEPS = ["", "q-school", "q-friends", "q-siblings", "q-animals", "q-town_or_country",
               "q-live_near", "q-worries", "q-good_at", "heard", "done"]  # fmt: skip
PARENT_STEPS = ["", "views", "heard", "done"]
BLOCK_END = re.compile(r"</(h1|h2|h3|p|li|label|legend|button|dt|dd|a|span)>|<br>", re.I)


def visible_text(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    main = BLOCK_END.sub(". ", main)
    return re.sub(r"<[^>]+>", " ", main)


def lix(text: str) -> float:
    """LIX = words per sentence + 100 x words longer than six letters / words."""
    words = re.findall(r"[^\W\d_]+", text)
    sentences = [s for s in re.split(r"[.!?:]+", text) if re.search(r"[^\W\d_]", s)]
    long_words = [w for w in words if len(w) > 6]
    return len(words) / len(sentences) + 100 * len(long_words) / len(words)


def test_lix_formula():
    assert lix("Du kan godt. Vi ses.") == pytest.approx(5 / 2)
    assert lix("Sagsbehandleren ringer.") == pytest.approx(2 + 50)


@pytest.fixture
def case(caseworker, municipality):
    case = CaseFactory(
        child__organisation=municipality, child__first_name="Ida", caseworkers=[caseworker],
        non_disclosure=True,
    )  # fmt: skip
    PersonFactory(child=case.child, organisation=municipality, name="Bodil Testesen")
    return case


def open_link(caseworker, case, form_key: str, person_id: str = "") -> tuple[Client, SecureLink]:
    link, token = link_issue(
        actor=caseworker, form_key=form_key, subject_id=str(case.child.pk), person_id=person_id
    )
    visitor = Client()
    response = visitor.get(f"/l/{token}/")
    assert response.status_code == 302 and response["Location"] == "/l/form/"
    return visitor, link


def url(step: str) -> str:
    return f"/l/form/{step}/" if step else "/l/form/"


def test_the_child_answers_sees_what_we_heard_and_corrects_one_wish(caseworker, case):
    recorded = WishFactory(case=case, organisation=case.organisation, text="En hund")
    visitor, link = open_link(caseworker, case, CHILD_FORM)
    start = visitor.get(url("")).content.decode()
    assert "Det er ikke en hemmelighed" in start
    response = visitor.post(url("q-school"), {"text": "Blive på min skole", "importance": "high"})
    assert response["Location"] == url("q-friends")
    assert visitor.post(url("q-friends"), {"text": ""})["Location"] == url("q-siblings")
    heard = visitor.get(url("heard")).content.decode()
    assert "Blive på min skole" in heard and "En hund" in heard
    new = Wish.objects.get(text="Blive på min skole")
    assert new.source == "link" and new.importance == "high"
    # "No" without a correction: nothing is saved and the child is told what to do.
    response = visitor.post(url("heard"), {f"right-{recorded.pk}": "no", f"right-{new.pk}": "yes"})
    assert response.status_code == 400
    assert "Skriv, hvad der er rigtigt" in response.content.decode()
    assert not Wish.objects.exclude(confirmation=Confirmation.PENDING).exists()
    response = visitor.post(
        url("heard"),
        {
            f"right-{recorded.pk}": "no",
            f"correction-{recorded.pk}": "En kat",
            f"right-{new.pk}": "yes",
        },
    )
    assert response["Location"] == url("done")
    recorded.refresh_from_db()
    new.refresh_from_db()
    assert (recorded.confirmation, recorded.correction) == (Confirmation.CORRECTED, "En kat")
    assert new.confirmation == Confirmation.CONFIRMED
    link.refresh_from_db()
    assert link.answered_at is not None
    overview = Client()
    overview.force_login(caseworker)
    assert "En kat" in overview.get(f"/children/cases/{case.pk}/").content.decode()
    writes = AccessLogEntry.objects.filter(subject_id=str(case.child.pk), action="update")
    assert writes.filter(object_type="children.wish").count() == 2


def test_an_unknown_step_is_404(caseworker, case):
    visitor, _link = open_link(caseworker, case, CHILD_FORM)
    assert visitor.get(url("q-nothing")).status_code == 404


def test_a_parent_answers_and_corrects(caseworker, case):
    mother = case.child.persons.get()
    visitor, link = open_link(caseworker, case, PARENT_FORM, str(mother.pk))
    empty = visitor.post(url("views"), {"views": " "})
    assert empty.status_code == 400 and "Skriv mindst ét svar" in empty.content.decode()
    assert not ParentView.objects.exists()
    response = visitor.post(url("views"), {"views": "Jeg er enig", "contact_wishes": "Hver uge"})
    assert response["Location"] == url("heard")
    assert "Hver uge" in visitor.get(url("heard")).content.decode()
    unchosen = visitor.post(url("heard"), {"correction": ""}).content.decode()
    # The message sits on the question it concerns, not only at the top of the page.
    assert '<span class="form-error-message" id="right-error">' in unchosen
    assert 'aria-describedby="right-error"' in unchosen
    assert "Vælg, om det er rigtigt." in unchosen
    response = visitor.post(url("heard"), {"right": "no", "correction": "Hver anden uge"})
    assert response["Location"] == url("done")
    view = ParentView.objects.get()
    assert (view.confirmation, view.correction) == (Confirmation.CORRECTED, "Hver anden uge")
    assert view.consent == "not_asked"  # a link never sets consent
    link.refresh_from_db()
    assert link.answered_at is not None


def test_a_text_over_the_limit_is_refused_with_a_message_never_cut(caseworker, case):
    visitor, _link = open_link(caseworker, case, CHILD_FORM)
    long_wish = "En hund " * 251  # 2,008 characters
    response = visitor.post(url("q-school"), {"text": long_wish, "importance": "high"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Din tekst er for lang. Skriv højst 2000 tegn." in page
    assert long_wish.strip() in page  # what the child wrote is still there to shorten
    assert not Wish.objects.exists()
    mother = case.child.persons.get()
    visitor, _link = open_link(caseworker, case, PARENT_FORM, str(mother.pk))
    response = visitor.post(url("views"), {"views": "x" * 4001, "worries": "Skolen"})
    assert response.status_code == 400
    assert "Skriv højst 4000 tegn" in response.content.decode()
    assert not ParentView.objects.exists()
    response = visitor.post(url("views"), {"views": "x" * 4000})
    assert response["Location"] == url("heard")
    response = visitor.post(url("heard"), {"right": "no", "correction": "y" * 4001})
    assert response.status_code == 400
    assert 'aria-describedby="correction-error" aria-invalid="true"' in response.content.decode()
    assert ParentView.objects.get().correction == ""


def test_a_parent_link_goes_only_to_the_childs_own_parent(caseworker, case, other_municipality):
    uncle = PersonFactory(child=case.child, organisation=case.organisation, kind="network")
    stranger = PersonFactory(child__organisation=other_municipality)
    mother = case.child.persons.get(name="Bodil Testesen")
    arabic = str(mother.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    # Another person of the child, another municipality's parent, the mother's id in other
    # digits or with a leading zero: no link is made, so none can be live beside the real one.
    for person_id in (str(uncle.pk), str(stranger.pk), arabic, f"0{mother.pk}", "", "x"):
        with pytest.raises(PermissionDenied):
            open_link(caseworker, case, PARENT_FORM, person_id)
    assert not SecureLink.objects.exists()
    open_link(caseworker, case, PARENT_FORM, str(mother.pk))


def test_the_issue_address_takes_the_childs_id_in_ascii_digits_only(client_for, caseworker, case):
    client = client_for(caseworker)
    pk = str(case.child.pk)
    arabic = pk.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for subject in (arabic, f"0{pk}", "²", "99999999999999999999"):
        address = f"/l/issue/{CHILD_FORM}/{subject}/"
        assert client.get(address).status_code == 404
        assert client.post(address, {"recipient_label": "Ida"}).status_code == 404
    assert not SecureLink.objects.exists()
    response = client.post(f"/l/issue/{CHILD_FORM}/{pk}/", {"recipient_label": "Ida"})
    assert response.status_code == 200
    assert SecureLink.objects.get().subject_id == pk


def test_parent_pages_never_show_the_childs_words(caseworker, case):
    secret_words = ["Jeg savner min lillebror", "Jeg vil bo ved Fjordby", "Dyrlægens hest"]
    ConversationFactory(case=case, organisation=case.organisation, child_words=secret_words[0])
    WishFactory(case=case, organisation=case.organisation, kind="live_near", text=secret_words[1])
    WishFactory(
        case=case, organisation=case.organisation, text="Et dyr",
        confirmation="corrected", correction=secret_words[2],
    )  # fmt: skip
    mother = case.child.persons.get()
    visitor, _link = open_link(caseworker, case, PARENT_FORM, str(mother.pk))
    visitor.post(url("views"), {"views": "Jeg er enig"})
    for step in PARENT_STEPS:
        html = visitor.get(url(step)).content.decode()
        for words in [*secret_words, "Et dyr", case.child.school_name]:
            assert words not in html, (step, words)


def _pages(visitor: Client, steps: list[str]) -> dict[str, str]:
    pages = {}
    for step in steps:
        response = visitor.get(url(step))
        assert response.status_code == 200, step
        pages[step] = visible_text(response.content.decode())
    return pages


def test_every_child_and_parent_page_is_plain_danish(caseworker, case):
    WishFactory(case=case, organisation=case.organisation, text="Jeg vil have en hund")
    visitor, _link = open_link(caseworker, case, CHILD_FORM)
    child_pages = _pages(visitor, CHILD_STEPS)
    # An error page counts as well.
    wish = case.wishes.get()
    error = visitor.post(url("heard"), {f"right-{wish.pk}": "no"})
    child_pages["heard-error"] = visible_text(error.content.decode())
    mother = case.child.persons.get()
    parent, _link = open_link(caseworker, case, PARENT_FORM, str(mother.pk))
    parent_pages = _pages(parent, ["", "views"])
    parent.post(url("views"), {"views": "Jeg er enig"})
    parent_pages.update(_pages(parent, ["heard", "done"]))
    parent_pages["views-error"] = visible_text(parent.post(url("views"), {}).content.decode())
    assert len(child_pages) == len(CHILD_STEPS) + 1
    assert len(parent_pages) == len(PARENT_STEPS) + 1
    too_hard = {k: round(lix(t), 1) for k, t in child_pages.items() if lix(t) > 25}
    assert too_hard == {}, too_hard
    too_hard = {k: round(lix(t), 1) for k, t in parent_pages.items() if lix(t) > 35}
    assert too_hard == {}, too_hard


def test_link_registry_callbacks(users, case, other_municipality):
    child_id = str(case.child.pk)
    assert organisation_of(child_id) == case.organisation_id
    assert organisation_of("x") is None and organisation_of("999999") is None
    assert can_manage(users[("own", "caseworker")], child_id)
    assert can_manage(users[("own", "team_leader")], child_id)
    assert not can_manage(users[("own", "analyst")], child_id)
    assert not can_manage(users[("other", "team_leader")], child_id)


def test_the_child_taps_answers_and_picks_a_town_and_bad_answers_save_nothing(caseworker, case):
    visitor, _link = open_link(caseworker, case, CHILD_FORM)
    # An answer the question does not offer, or a place we do not know, is refused.
    bad = visitor.post(url("q-animals"), {"choice": "country", "importance": "high"})
    assert bad.status_code == 400 and "Vælg et af svarene." in bad.content.decode()
    unknown = visitor.post(url("q-live_near"), {"where": "Atlantis", "text": "Mormor"})
    assert unknown.status_code == 400
    assert "Vi kender ikke det sted. Vælg et fra listen." in unknown.content.decode()
    assert not Wish.objects.exists()
    # Tapping is enough: the wish reads as the answer chosen.
    assert visitor.post(url("q-siblings"), {"choice": "yes"})["Location"] == url("q-animals")
    near = {"where": "silkeborg", "text": "Mormor", "importance": "high"}
    assert visitor.post(url("q-live_near"), near)["Location"] == url("q-worries")
    siblings, live_near = Wish.objects.order_by("pk")
    assert (siblings.answer, siblings.text) == ("yes", "Ja, jeg vil bo med dem")
    assert (live_near.postcode, live_near.text) == ("8600", "Mormor")
    # What we heard shows the place she picked beside her words.
    assert "8600 Silkeborg" in visitor.get(url("heard")).content.decode()


def test_the_child_hears_who_reads_and_is_asked_how_much_a_fear_worries_her(caseworker, case):
    visitor, _link = open_link(caseworker, case, CHILD_FORM)
    start = visitor.get(url("")).content.decode()
    assert "Dine forældre læser ikke det, du skriver" in start
    wish = visitor.get(url("q-school")).content.decode()
    fear = visitor.get(url("q-worries")).content.decode()
    assert "Hvor vigtigt er det for dig?" in wish
    assert "Hvor vigtigt" not in fear
    assert "Hvor meget bekymrer det dig?" in fear and ">Meget</label>" in fear


def test_a_parent_is_spoken_to_as_an_adult_on_the_pin_page(caseworker, case):
    parent = case.child.persons.get()
    for form_key, person_id, expected in (
        (CHILD_FORM, "", "den voksne, der gav dig linket"),
        (PARENT_FORM, str(parent.pk), "Du har fået koden af den, der sendte dig linket."),
    ):
        _link, token = link_issue(
            actor=caseworker, form_key=form_key, subject_id=str(case.child.pk),
            person_id=person_id, pin="4711",
        )  # fmt: skip
        visitor = Client()
        assert visitor.get(f"/l/{token}/")["Location"] == "/l/pin/"
        page = visitor.get("/l/pin/").content.decode()
        assert expected in page
        if form_key == PARENT_FORM:
            assert "den voksne" not in page
