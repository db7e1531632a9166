# SPDX-License-Identifier: MPL-2.0
"""Inquiry pages: what a place sees (and never sees), access, bad input, logging, figures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from placematch.audit.models import AccessLogEntry, Action
from placematch.matching import services
from placematch.matching.models import Inquiry, InquiryStatus
from placematch.matching.tests.factories import InquiryFactory
from placematch.matching.tests.test_services import ALL_CAN

YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


def send_data(*places, **overrides):
    data = {
        "places": [p.pk for p in places],
        "urgency": "normal",
        "disclosure_basis": "necessary",
        "disclosure_note": "",
        "parents_informed": "on",
        "parents_informed_on": YESTERDAY,
        "child_informed": "on",
        "child_informed_on": YESTERDAY,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def forbidden_strings(child):
    return [
        child.first_name,
        child.last_name,
        child.birth_date.strftime("%d.%m.%Y"),
        child.birth_date.strftime("%d-%m-%Y"),
        child.birth_date.isoformat(),
        child.case_number,
        child.school_name,
        child.address_postcode,
        "Balder",  # words from the child's own wish
    ]


def test_the_place_sees_the_stage_1_profile_and_nothing_that_identifies_the_child(
    world, client_for
):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    response = client_for(world["staff"]).get(
        reverse("matching:provider_inquiry", args=[inquiry.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    for text in forbidden_strings(world["child"]):
        assert text not in html, text
    assert "10–12" in html  # age band: born March 2014
    assert "Brandstiftelse" in html  # safety information
    assert "ADHD" in html
    assert "Ådalen Kommune (fiktiv)" in html  # area at municipality level
    assert 'data-dimension="safe_care">Høj' in html
    assert "Dyr: meget vigtigt" in html  # the wish's kind and importance only
    assert "Søskende der skal anbringes sammen" in html


def test_under_non_disclosure_the_place_sees_no_area(world, client_for):
    case = world["case"]
    case.non_disclosure = True
    case.save()
    inquiry = InquiryFactory(case=case, place=world["place"])
    html = (
        client_for(world["staff"])
        .get(reverse("matching:provider_inquiry", args=[inquiry.pk]))
        .content.decode()
    )
    for text in [*forbidden_strings(world["child"]), "Ådalen", "8600", "Silkeborg"]:
        assert text not in html, text
    assert "beskyttet" in html


def test_reading_the_profile_is_logged_with_the_provider_user(world, client_for):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    client_for(world["staff"]).get(reverse("matching:provider_inquiry", args=[inquiry.pk]))
    row = AccessLogEntry.objects.get(action=Action.VIEW, object_type="matching.inquiry")
    assert row.user == world["staff"]
    assert row.subject_type == "children.child" and row.subject_id == str(world["child"].pk)


@pytest.mark.parametrize(
    "who", [("other_provider", "provider_staff"), ("other_provider", "provider_admin")]
)
def test_another_providers_users_get_404(world, client_for, who):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    client = client_for(world["users"][who])
    assert client.get(reverse("matching:provider_inquiry", args=[inquiry.pk])).status_code == 404
    assert (
        client.post(reverse("matching:provider_inquiry", args=[inquiry.pk]), {"answer": "no"})
    ).status_code == 404


@pytest.mark.parametrize(
    "who",
    [
        ("other", "caseworker"),
        ("other", "team_leader"),
        ("own", "analyst"),
        ("own", "family_care_consultant"),
        ("provider", "provider_staff"),
    ],
)
def test_users_of_other_municipalities_and_other_roles_get_404(world, client_for, who):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    client = client_for(world["users"][who])
    assert client.get(reverse("matching:inquiry_detail", args=[inquiry.pk])).status_code == 404
    for name in ("inquiry_withdraw", "inquiry_proceed"):
        url = reverse(f"matching:{name}", args=[inquiry.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert (
        client.get(reverse("matching:case_inquiries", args=[world["case"].pk])).status_code == 404
    )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SENT


def test_a_caseworker_outside_the_team_gets_404(world, client_for, make_user, municipality):
    stranger = make_user(municipality, "caseworker")
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    client = client_for(stranger)
    assert client.get(reverse("matching:inquiry_detail", args=[inquiry.pk])).status_code == 404
    assert (
        client.get(reverse("matching:case_inquiries", args=[world["case"].pk])).status_code == 404
    )


def test_sending_from_the_case_page(world, client_for):
    client = client_for(world["caseworker"])
    url = reverse("matching:case_inquiries", args=[world["case"].pk])
    page = client.get(url, {"q": "Lyngly"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lyngly afdeling A" in html and "Plejefamilie Prøvesen" not in html
    response = client.post(url, send_data(world["place"], world["other_place"]))
    assert response.status_code == 302
    assert Inquiry.objects.filter(case=world["case"]).count() == 2
    page = client.get(url)
    assert "Forespørgslen er sendt til 2 steder." in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"places": None}, "Vælg mindst ét anbringelsessted"),
        ({"parents_informed": None}, "Sæt kryds, når forældrene har fået besked"),
        ({"child_informed": None}, "Sæt kryds, når barnet har fået besked"),
        ({"parents_informed_on": ""}, "Skriv datoen, hvor forældrene fik besked"),
        ({"child_informed_on": "2099-01-01"}, "Datoen kan ikke ligge i fremtiden"),
        ({"disclosure_basis": ""}, "Vælg hjemlen for at sende profilen"),
        ({"disclosure_basis": "other"}, "Beskriv den anden hjemmel"),
        ({"places": ["999999"]}, "kan ikke findes"),
    ],
)
def test_bad_send_input_gives_a_danish_message_and_saves_nothing(
    world, client_for, overrides, message
):
    client = client_for(world["caseworker"])
    url = reverse("matching:case_inquiries", args=[world["case"].pk])
    response = client.post(url, send_data(world["place"], **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Intet blev gemt" in html
    assert message in html, html[html.find("alert-error") : html.find("alert-error") + 800]
    assert not Inquiry.objects.exists()


def test_the_open_limit_is_shown_on_the_page(world, client_for, settings):
    settings.MATCHING_MAX_OPEN_INQUIRIES = 1
    client = client_for(world["caseworker"])
    url = reverse("matching:case_inquiries", args=[world["case"].pk])
    response = client.post(url, send_data(world["place"], world["other_place"]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Et barn må højst have 1 åben forespørgsel ad gangen." in html
    assert not Inquiry.objects.exists()


def answer_data(answer, **overrides):
    data = {f"dim_{d}": v for d, v in ALL_CAN.items()}
    data.update({"answer": answer, "support_needed": "", "view": "", "decline_reason": ""})
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer": ""}, "Vælg ja, ja med støtte, måske eller nej."),
        ({"answer": "no"}, "Vælg, hvorfor I siger nej"),
        ({"answer": "no", "decline_reason": "other"}, "Skriv årsagen, når I vælger"),
        ({"answer": "yes", "dim_health": ""}, "Sig, om I kan imødekomme"),
        ({"answer": "yes_with_support"}, "Beskriv den støtte, I har brug for"),
    ],
)
def test_bad_answers_give_a_danish_message_and_save_nothing(world, client_for, data, message):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    full = answer_data(**{"answer": data.pop("answer")}, **data)
    response = client_for(world["staff"]).post(
        reverse("matching:provider_inquiry", args=[inquiry.pk]), full
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SENT and inquiry.answer == ""
    assert not inquiry.dimension_answers.exists()


def test_a_no_with_a_reason_is_saved(world, client_for):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    client = client_for(world["staff"])
    url = reverse("matching:provider_inquiry", args=[inquiry.pk])
    response = client.post(
        url, {"answer": "no", "decline_reason": "other", "decline_text": "Vi flytter"}
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.DECLINED and inquiry.decline_text == "Vi flytter"
    # Answering twice is refused with a message, not a 500.
    again = client.post(url, answer_data("yes"), follow=True)
    assert "kan ikke længere besvares" in again.content.decode()


def test_withdrawn_inquiry_shows_no_profile_and_logs_no_read(world, client_for):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    response = client_for(world["caseworker"]).post(
        reverse("matching:inquiry_withdraw", args=[inquiry.pk]), {"reason": "Fundet et andet sted"}
    )
    assert response.status_code == 302
    AccessLogEntry.objects.all().delete()
    html = (
        client_for(world["staff"])
        .get(reverse("matching:provider_inquiry", args=[inquiry.pk]))
        .content.decode()
    )
    assert "Kommunen har trukket forespørgslen tilbage" in html
    assert "10–12" not in html and "Brandstiftelse" not in html
    assert "Fundet et andet sted" not in html
    assert not AccessLogEntry.objects.filter(action=Action.VIEW).exists()


def test_stage_2_after_yes_and_the_caseworkers_choice(world, client_for):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    staff = client_for(world["staff"])
    url = reverse("matching:provider_inquiry", args=[inquiry.pk])
    staff.post(url, answer_data("yes_with_support", support_needed="Supervision hver uge"))
    before = staff.get(url).content.decode()
    assert "Vilja" not in before
    caseworker = client_for(world["caseworker"])
    caseworker.post(reverse("matching:inquiry_proceed", args=[inquiry.pk]))
    after = staff.get(url).content.decode()
    assert 'data-field="first_name">Vilja' in after
    assert "Balder" in after  # the child's own wording now
    assert "Brug for faste voksne" in after
    for text in ("Fiktivholm", "SAG-77123", "Skovbrynets Fiktivskole", "09.03.2014"):
        assert text not in after
    assert AccessLogEntry.objects.filter(action=Action.DISCLOSE).count() == 1


def test_the_caseworker_sees_the_answer_and_overdue_flags(world, client_for):
    old = datetime.datetime(2020, 1, 6, 9, 0, tzinfo=datetime.UTC)
    InquiryFactory(case=world["case"], place=world["place"], sent_at=old)
    html = client_for(world["caseworker"]).get(reverse("matching:inquiry_list")).content.decode()
    assert "Overskredet" in html
    html = client_for(world["staff"]).get(reverse("matching:provider_inquiries")).content.decode()
    assert "Overskredet" in html


def test_dashboard_cards_count_open_overdue_and_waiting(world, client_for):
    old = datetime.datetime(2020, 1, 6, 9, 0, tzinfo=datetime.UTC)
    InquiryFactory(case=world["case"], place=world["place"], sent_at=old)
    InquiryFactory(case=world["case"], place=world["other_place"])
    html = client_for(world["caseworker"]).get(reverse("accounts:dashboard")).content.decode()
    assert "Forespørgsler til anbringelsessteder" in html
    assert "Åbne forespørgsler: <strong>2</strong>" in html
    assert "Overskredet: <strong>1</strong>" in html
    html = client_for(world["staff"]).get(reverse("accounts:dashboard")).content.decode()
    assert "Forespørgsler at besvare" in html
    assert "Venter på jeres svar: <strong>1</strong>" in html


def test_figures_per_place_and_municipality(world, client_for):
    sent = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=datetime.UTC)
    a = InquiryFactory(case=world["case"], place=world["place"], sent_at=sent)
    b = InquiryFactory(case=world["case"], place=world["other_place"], sent_at=sent)
    services.inquiry_answer(
        request=None,
        user=world["staff"],
        inquiry=a,
        answer="no",
        dimension_answers={},
        decline_reason="distance",
        now=sent + datetime.timedelta(hours=5),
    )
    services.inquiry_answer(
        request=None,
        user=world["other_staff"],
        inquiry=b,
        answer="yes",
        dimension_answers=ALL_CAN,
        now=sent + datetime.timedelta(hours=15),
    )
    for who in ("team_leader", "analyst"):
        html = client_for(world["users"][("own", who)]).get(reverse("matching:figures")).content
        html = html.decode()
        assert "Plejefamilie Prøvesen" in html and "Lyngly afdeling A" in html
        assert "Vilja" not in html
        assert '<dd data-figure="answered">2</dd>' in html
        assert "10,0 timer" in html or "10.0 timer" in html  # median of 5 and 15 hours
    html = client_for(world["staff"]).get(reverse("matching:provider_figures")).content.decode()
    assert "Plejefamilie Prøvesen" in html and "Lyngly" not in html
    assert client_for(world["caseworker"]).get(reverse("matching:figures")).status_code == 404
    assert (
        client_for(world["users"][("other", "analyst")]).get(reverse("matching:figures")).content
    ).decode().count("Plejefamilie Prøvesen") == 0


def test_provider_figures_never_name_the_sender_of_a_protected_case(world, client_for):
    case = world["case"]
    case.non_disclosure = True
    case.save(update_fields=["non_disclosure"])
    InquiryFactory(case=case, place=world["place"])
    html = client_for(world["staff"]).get(reverse("matching:provider_figures")).content.decode()
    assert case.organisation.name not in html
    assert "Ikke oplyst" in html


def test_the_case_pages_have_an_inquiries_tab(world, client_for):
    case = world["case"]
    html = client_for(world["caseworker"]).get(reverse("children:case_detail", args=[case.pk]))
    assert reverse("matching:case_inquiries", args=[case.pk]) in html.content.decode()
