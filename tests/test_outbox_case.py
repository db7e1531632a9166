# SPDX-License-Identifier: MPL-2.0
"""A link sent by e-mail or SMS: what the message says, what is refused, and a failed delivery
shown on the case with its reason and sent again."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TeamFactory
from placematch.children.link_forms import CHILD_FORM
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.core.idempotency import new_key
from placematch.involvement.delivery import LinkDelivery
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_issue, link_revoke
from placematch.involvement.tests.test_plain_language import lix
from placematch.outbox.channels import MemoryChannel
from placematch.outbox.models import Message, MessageStatus
from placematch.outbox.services import outbox_deliver

pytestmark = pytest.mark.django_db
URL_IN_TEXT = re.compile(r"https?://\S+/l/[A-Za-z0-9_-]{43}/")


@pytest.fixture(autouse=True)
def _empty_channels():
    MemoryChannel.sent.clear()
    yield
    MemoryChannel.sent.clear()


@pytest.fixture
def case(municipality, make_user):
    team = TeamFactory(organisation=municipality)
    caseworker = make_user(municipality, Role.CASEWORKER, team=team)
    child = ChildFactory(organisation=municipality, first_name="Asger")
    return CaseFactory(child=child, team=team, caseworkers=[caseworker])


def issue_url(case) -> str:
    return reverse("involvement:issue", args=[CHILD_FORM, str(case.child_id)])


def post_issue(client, case, **fields):
    data = {
        "recipient_label": "Asger",
        "next": f"/children/cases/{case.pk}/",
        "submission_key": new_key(),
    }
    data.update(fields)
    return client.post(issue_url(case), data)


def test_a_link_by_e_mail_with_the_pin_by_sms_names_neither_the_child_nor_the_form(
    case, client_for
):
    caseworker = case.caseworkers.get()
    client = client_for(caseworker)
    response = post_issue(
        client,
        case,
        channel="email",
        email="asger.mor@example.dk",
        mobile="+45 20 30 40 50",
        pin="4711",
        pin_channel="sms",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/children/cases/{case.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Linket er på vej på e-mail til asger.mor@example.dk." in page
    assert "Venter på at blive sendt" in page
    link = SecureLink.objects.get()
    messages = {m.kind: m for m in Message.objects.all()}
    assert set(messages) == {"link", "pin"}
    assert messages["link"].child_id == case.child_id

    assert outbox_deliver().sent == 2
    [sent] = mail.outbox
    assert sent.to == ["asger.mor@example.dk"]
    assert sent.subject == f"Et spørgsmål fra {case.organisation.name}"
    assert "Du skal også bruge en kode. Du får den i en sms." in sent.body
    for private in ("Asger", case.child.last_name, "ønsker", "4711"):
        assert private not in sent.body
    assert lix(sent.body.replace(URL_IN_TEXT.findall(sent.body)[0], "")) <= 25
    [pin] = MemoryChannel.sent
    assert (pin.recipient, "4711" in pin.body, "/l/" in pin.body) == ("+4520304050", True, False)
    # The texts held the link's address and the PIN: both are gone once sent.
    assert set(Message.objects.values_list("body", flat=True)) == {""}
    assert (
        client.get(f"/children/cases/{case.pk}/").content.decode().count('badge-success">Sendt<')
        == 2
    )

    visitor = client_for(None)
    opened = visitor.get(URL_IN_TEXT.findall(sent.body)[0].split("testserver", 1)[1])
    assert opened.status_code == 302 and opened["Location"].endswith("/l/pin/")
    assert link.has_pin


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"channel": "email", "email": "asger.mor@"}, "Skriv en gyldig e-mailadresse"),
        ({"channel": "email"}, "Skriv e-mailadressen."),
        ({"channel": "sms", "mobile": "2030 405"}, "Skriv et dansk mobilnummer: 8 cifre"),
        ({"channel": "sms", "mobile": "+46 20304050"}, "Skriv et dansk mobilnummer: 8 cifre"),
        (
            {"channel": "sms", "mobile": "20304050", "pin": "4711", "pin_channel": "sms"},
            "Send pinkoden en anden vej end linket",
        ),
        (
            {"channel": "sms", "mobile": "20304050", "pin": "4711", "pin_channel": "email"},
            "Skriv e-mailadressen.",
        ),
        ({"channel": "pigeon", "email": "a@example.dk"}, "Vælg, hvordan modtageren får linket."),
    ],
)
def test_bad_addresses_are_refused_on_the_field_and_nothing_is_made(case, client_for, fields, says):
    response = post_issue(client_for(case.caseworkers.get()), case, **fields)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert (SecureLink.objects.count(), Message.objects.count()) == (0, 0)


def _delivery(channel: str = "sms", address: str = "20304050") -> LinkDelivery:
    return LinkDelivery(channel=channel, address=address, open_url=lambda t: f"http://x/l/{t}/")


def test_a_link_whose_transaction_rolls_back_leaves_no_message(case):
    with pytest.raises(RuntimeError), transaction.atomic():
        link_issue(
            actor=case.caseworkers.get(),
            form_key=CHILD_FORM,
            subject_id=str(case.child_id),
            delivery=_delivery(),
        )
        raise RuntimeError("something after it failed")
    assert (SecureLink.objects.count(), Message.objects.count()) == (0, 0)


def test_a_failed_delivery_shows_on_the_case_with_its_reason_and_is_sent_again_once(
    case, client_for, settings, users
):
    settings.OUTBOX_BACKENDS = {
        **settings.OUTBOX_BACKENDS,
        "sms": "placematch.outbox.channels.UnconfiguredChannel",
    }
    caseworker = case.caseworkers.get()
    link, _token = link_issue(
        actor=caseworker, form_key=CHILD_FORM, subject_id=str(case.child_id), delivery=_delivery()
    )
    assert outbox_deliver().failed == 1
    client = client_for(caseworker)
    page = client.get(f"/children/cases/{case.pk}/").content.decode()
    assert "Ikke leveret" in page
    assert "Der er ikke sat en tjeneste op til at sende på denne måde." in page
    message = Message.objects.get()
    resend = reverse("outbox:resend", args=[message.pk])
    assert f'action="{resend}"' in page

    # Another municipality's caseworker cannot even see that it exists.
    other = client_for(users[("other", Role.CASEWORKER)])
    assert other.post(resend, {"submission_key": new_key()}).status_code == 404

    settings.OUTBOX_BACKENDS["sms"] = "placematch.outbox.channels.MemoryChannel"
    key = new_key()
    back = f"/children/cases/{case.pk}/"
    assert client.post(resend, {"submission_key": key, "next": back})["Location"] == back
    assert (
        client.post(resend, {"submission_key": key, "next": back}).status_code == 302
    )  # a double click
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 0)
    assert outbox_deliver().sent == 1
    assert len(MemoryChannel.sent) == 1
    assert "Beskeden bliver sendt igen om lidt." in client.get(back).content.decode()

    # A message of a link that has closed meanwhile is not sent again.
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED)
    link_revoke(actor=caseworker, link=link)
    response = client.post(resend, {"submission_key": new_key(), "next": back}, follow=True)
    assert "Linket er lukket. Send et nyt link i stedet." in response.content.decode()
    assert Message.objects.get().status == MessageStatus.FAILED
