# SPDX-License-Identifier: MPL-2.0
"""The caseworker's side: issue with handover page, status, revoke, replace, access."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.involvement.models import LinkStatus, SecureLink
from placematch.involvement.selectors import links_for_subject
from placematch.involvement.services import link_issue, link_revoke
from placematch.involvement.tests import specs
from placematch.involvement.tests.conftest import TOKEN_IN_PAGE

pytestmark = pytest.mark.django_db


def issue_url(subject: str, key: str = specs.KEY) -> str:
    return reverse("involvement:issue", args=[key, subject])


@time_machine.travel("2026-03-20 09:30 +01:00", tick=False)
def test_the_handover_page_shows_the_link_and_one_qr_code_once(client_for, caseworker, subject):
    client = client_for(caseworker)
    response = client.post(
        issue_url(subject), {"recipient_label": "Asger", "next": "/children/cases/1/"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    tokens = set(TOKEN_IN_PAGE.findall(page))
    assert len(tokens) == 1
    token = tokens.pop()
    assert page.count("<svg") == 1
    assert 'class="involvement-qr" role="img"' in page
    assert "Til Asger" in page
    assert "Scan koden med kameraet på din telefon." in page
    assert 'href="/children/cases/1/"' in page
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    link = SecureLink.objects.get()
    assert (link.recipient_label, link.created_by, link.status) == ("Asger", caseworker, "sent")
    assert link.expires_at - link.created_at == timedelta(days=14)
    # Fourteen days later, across the change to summer time, in Copenhagen's clock.
    assert "3. april 2026 kl. 10:30" in page
    # Later pages never show the token again: only its hash is kept.
    detail = client.get(reverse("involvement:link_detail", args=[link.pk])).content.decode()
    assert token not in detail
    assert "Sendt" in detail
    assert AccessLogEntry.objects.filter(
        action=Action.CREATE, object_id=str(link.pk), subject_id=subject
    ).exists()


def test_the_issue_page_offers_a_pin_and_says_what_is_wrong(client_for, caseworker, subject):
    client = client_for(caseworker)
    page = client.get(issue_url(subject), {"recipient_label": "Mor", "person_id": "3"})
    assert page.status_code == 200
    assert 'value="Mor"' in page.content.decode()
    for bad in ("12", "12345678901", "12ab"):
        response = client.post(issue_url(subject), {"pin": bad, "person_id": "3"})
        assert response.status_code == 400
        assert "Pinkoden skal være 4 til 8 cifre, fx 4711." in response.content.decode()
    assert not SecureLink.objects.exists()
    response = client.post(issue_url(subject), {"pin": "2468", "person_id": "3"})
    assert response.status_code == 200
    assert "Du skal også bruge en kode." in response.content.decode()
    assert "2468" not in response.content.decode()
    assert SecureLink.objects.get().has_pin


def test_a_new_link_revokes_the_old_one_for_the_same_person_only(issue, caseworker):
    first, first_token = issue(person_id="mother")
    father, _ = issue(person_id="father")
    second, _ = issue(person_id="mother")
    first.refresh_from_db()
    father.refresh_from_db()
    assert first.status == LinkStatus.REVOKED
    assert father.status == LinkStatus.SENT
    assert second.status == LinkStatus.SENT
    assert first.token_hash != second.token_hash
    created = AccessLogEntry.objects.get(action=Action.CREATE, object_id=str(second.pk))
    assert created.detail["replaced"] == [first.pk]
    from django.test import Client

    assert Client().get(reverse("involvement:open", args=[first_token])).status_code == 410


def test_status_follows_the_link_through_its_life(issue, caseworker):
    link, _ = issue(valid_days=2)
    assert link.status == "sent"
    link.opened_at = timezone.now()
    assert link.status == "opened"
    with time_machine.travel(link.expires_at + timedelta(seconds=1)):
        assert link.status == "expired"
        assert not link.is_active
    link.answered_at = timezone.now()
    assert link.status == "answered"
    link_revoke(actor=caseworker, link=link)
    assert link.status == "revoked"
    assert str(link.status_label) == "Tilbagekaldt"


def test_revoking_closes_the_link_and_returns_to_the_case(client_for, caseworker, issue):
    link, _token = issue()
    client = client_for(caseworker)
    url = reverse("involvement:revoke", args=[link.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "/children/cases/9/"})
    assert response["Location"] == "/children/cases/9/"
    link.refresh_from_db()
    assert link.status == LinkStatus.REVOKED
    # An unsafe next address is ignored; revoking twice changes nothing.
    again = client.post(url, {"next": "https://example.org/"})
    assert again["Location"] == reverse("involvement:link_detail", args=[link.pk])
    revoked = AccessLogEntry.objects.filter(action=Action.UPDATE, detail__event="revoked")
    assert revoked.count() == 1


def test_a_team_leader_may_manage_links(client_for, users, subject):
    leader = users[("own", Role.TEAM_LEADER)]
    response = client_for(leader).post(issue_url(subject), {})
    assert response.status_code == 200
    link = SecureLink.objects.get()
    assert client_for(leader).post(reverse("involvement:revoke", args=[link.pk])).status_code == 302


@pytest.mark.parametrize(
    "key",
    [
        ("other", Role.CASEWORKER),
        ("other", Role.TEAM_LEADER),
        ("own", Role.FAMILY_CARE_CONSULTANT),
        ("own", Role.ANALYST),
        ("own", Role.ADMIN),
        ("provider", Role.PROVIDER_STAFF),
        ("provider", Role.PROVIDER_ADMIN),
    ],
)
def test_other_organisations_and_roles_get_404_on_caseworker_routes(
    client_for, users, issue, subject, key
):
    link, _ = issue()
    client = client_for(users[key])
    assert client.get(issue_url(subject)).status_code == 404
    assert client.post(issue_url(subject), {}).status_code == 404
    assert client.get(reverse("involvement:link_detail", args=[link.pk])).status_code == 404
    assert client.post(reverse("involvement:revoke", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.status == LinkStatus.SENT
    assert SecureLink.objects.count() == 1


def test_unknown_forms_and_subjects_of_another_municipality_are_404(
    client_for, caseworker, other_municipality
):
    client = client_for(caseworker)
    assert client.post(issue_url("x-1"), {}).status_code == 404
    assert client.post(issue_url(f"{other_municipality.pk}-1"), {}).status_code == 404
    assert (
        client.post(reverse("involvement:issue", args=["no_such_form", "1-1"])).status_code == 404
    )
    assert client.get(reverse("involvement:link_detail", args=[999999])).status_code == 404
    assert not SecureLink.objects.exists()


def test_the_service_refuses_a_user_who_may_not_manage_the_subject(users, subject):
    with pytest.raises(PermissionDenied):
        link_issue(actor=users[("other", Role.CASEWORKER)], form_key=specs.KEY, subject_id=subject)
    with pytest.raises(KeyError):
        link_issue(actor=users[("own", Role.CASEWORKER)], form_key="nope", subject_id=subject)
    assert not SecureLink.objects.exists()


def test_the_links_include_lists_status_and_offers_revoke_and_a_new_link(
    issue, caseworker, subject
):
    answered, _ = issue(person_id="1", recipient_label="Far")
    answered.answered_at = timezone.now()
    answered.save()
    open_link, _ = issue(person_id="2", recipient_label="Mor")
    request = RequestFactory().get("/children/cases/1/")
    request.user = caseworker
    html = render_to_string(
        "involvement/includes/links.html",
        {
            "links": links_for_subject(form_keys=[specs.KEY], subject_id=subject),
            "form_key": specs.KEY,
            "subject_id": subject,
            "person_id": "2",
            "recipient_label": "Mor",
            "next": "/children/cases/1/",
        },
        request=request,
    )
    assert "Besvaret" in html and "Sendt" in html
    assert html.count(reverse("involvement:revoke", args=[open_link.pk])) == 1
    assert html.count(reverse("involvement:revoke", args=[answered.pk])) == 1  # still active
    assert f'action="{issue_url(subject)}"' in html
    assert "Send et nyt link" in html
    assert "Send på e-mail, sms eller med pinkode" in html
    empty = render_to_string(
        "involvement/includes/links.html",
        {"links": [], "form_key": specs.KEY, "subject_id": subject},
        request=request,
    )
    assert "Der er ikke sendt noget link endnu." in empty


def test_the_dashboard_card_counts_the_links_a_caseworker_sent(client_for, caseworker, issue):
    issue()
    page = client_for(caseworker).get(reverse("accounts:dashboard"))
    assert page.status_code == 200
    assert "Links, du har sendt" in page.content.decode()
