# SPDX-License-Identifier: MPL-2.0
"""The outbox: written in the causing transaction, sent once with retries and backoff."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from placematch.core.tests.worker import run_worker
from placematch.outbox import addresses
from placematch.outbox.channels import DeliveryError, EmailChannel, MemoryChannel, Outgoing
from placematch.outbox.models import Message, MessageStatus
from placematch.outbox.services import message_enqueue, outbox_deliver, retry_delay

T0 = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
MEMORY = "placematch.outbox.channels.MemoryChannel"


def email_by(backend: str) -> dict[str, str]:
    """The channels with e-mail going through the named test backend."""
    return {"email": f"{__name__}.{backend}", "sms": MEMORY, "digital_post": MEMORY}


class FailsTwice(EmailChannel):
    """The mail server is down for the first two attempts, then takes the message."""

    calls = 0

    def send(self, outgoing: Outgoing) -> None:
        FailsTwice.calls += 1
        if FailsTwice.calls <= 2:
            raise DeliveryError("mail_server:SMTPServerDisconnected")
        super().send(outgoing)


class Refuses:
    def send(self, outgoing: Outgoing) -> None:
        raise DeliveryError("address_refused", permanent=True)


class Crashes:
    def send(self, outgoing: Outgoing) -> None:
        raise RuntimeError("a bug in a gateway's client")


def enqueue(municipality, **extra: object) -> Message:
    options: dict[str, object] = {
        "organisation_id": municipality.pk,
        "kind": "link",
        "channel": "email",
        "recipient": "mor@example.dk",
        "subject": "Et spørgsmål fra kommunen",
        "body": "Åbn linket: https://example.dk/l/x/",
        "now": T0,
    }
    options.update(extra)
    with transaction.atomic():
        return message_enqueue(**options)  # type: ignore[arg-type]


@override_settings(
    OUTBOX_BACKENDS=email_by("FailsTwice"),
    OUTBOX_RETRY_SECONDS=60,
    OUTBOX_MAX_ATTEMPTS=6,
)
def test_a_mail_server_failing_twice_gets_the_message_on_the_third_attempt_exactly_once(
    municipality,
):
    FailsTwice.calls = 0
    message = enqueue(municipality)
    assert outbox_deliver(now=T0).retrying == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.QUEUED,
        1,
        "mail_server:SMTPServerDisconnected",
    )
    assert message.next_attempt_at == T0 + datetime.timedelta(seconds=60)
    # Not due yet: nothing is tried before the backoff has passed.
    assert outbox_deliver(now=T0 + datetime.timedelta(seconds=59)).retrying == 0
    assert outbox_deliver(now=T0 + datetime.timedelta(seconds=60)).retrying == 1
    message.refresh_from_db()
    assert message.next_attempt_at == T0 + datetime.timedelta(seconds=180)  # doubled
    assert outbox_deliver(now=T0 + datetime.timedelta(seconds=180)).sent == 1
    for later in (181, 3600, 86400):
        assert outbox_deliver(now=T0 + datetime.timedelta(seconds=later)).sent == 0
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 3, "")
    assert FailsTwice.calls == 3
    assert [m.to for m in mail.outbox] == [["mor@example.dk"]]
    assert mail.outbox[0].subject == "Et spørgsmål fra kommunen"


def test_a_transaction_that_rolls_back_leaves_no_message(municipality):
    with pytest.raises(RuntimeError), transaction.atomic():
        message_enqueue(
            organisation_id=municipality.pk,
            kind="link",
            channel="sms",
            recipient="20304050",
            subject="",
            body="x",
        )
        raise RuntimeError("the change that caused it failed")
    assert Message.objects.count() == 0
    assert outbox_deliver().sent == 0
    assert MemoryChannel.sent == []


@pytest.mark.parametrize(
    ("channel", "written", "kept"),
    [
        ("sms", "20304050", "+4520304050"),
        ("sms", "+45 20 30 40 50", "+4520304050"),
        ("sms", "0045 2030-4050", "+4520304050"),
        ("email", " ida.mor@example.dk ", "ida.mor@example.dk"),
    ],
)
def test_good_addresses_are_kept_in_one_form(channel, written, kept):
    assert addresses.normalise(channel, written) == kept


@pytest.mark.parametrize(
    ("channel", "written", "says"),
    [
        ("sms", "2030405", "8 cifre"),  # seven digits
        ("sms", "203040506", "8 cifre"),  # nine
        ("sms", "+46 20304050", "8 cifre"),  # a Swedish number
        ("sms", "10304050", "8 cifre"),  # Danish numbers do not start with 0 or 1
        ("sms", "٢٠٣٠٤٠٥٠", "8 cifre"),  # other scripts' digits
        ("email", "ida.mor@", "gyldig e-mailadresse"),
        ("email", "ida mor@example.dk", "gyldig e-mailadresse"),
        ("carrier pigeon", "x", "Vælg"),
    ],
)
def test_bad_addresses_are_refused_with_a_danish_message_and_nothing_is_queued(
    municipality, channel, written, says
):
    with pytest.raises(ValidationError) as refused:
        enqueue(municipality, channel=channel, recipient=written)
    assert says in refused.value.messages[0]
    assert Message.objects.count() == 0


def test_the_same_dedup_key_gives_the_first_message_not_a_second(municipality):
    first = enqueue(municipality, dedup_key="link:1")
    again = enqueue(municipality, dedup_key="link:1", body="another text")
    assert again.pk == first.pk
    assert Message.objects.count() == 1


@override_settings(OUTBOX_BACKENDS=email_by("Refuses"))
def test_an_address_the_server_refuses_fails_at_once_with_its_reason(municipality):
    message = enqueue(municipality)
    assert outbox_deliver(now=T0).failed == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.FAILED,
        1,
        "address_refused",
    )


@override_settings(
    OUTBOX_BACKENDS=email_by("Crashes"), OUTBOX_MAX_ATTEMPTS=2, OUTBOX_RETRY_SECONDS=1
)
def test_a_crashing_backend_is_retried_then_given_up_and_other_messages_still_go(municipality):
    message = enqueue(municipality)
    sms = enqueue(municipality, channel="sms", recipient="20304050", body="Din kode er 4711")
    report = outbox_deliver(now=T0)
    assert (report.sent, report.retrying) == (1, 1)
    assert outbox_deliver(now=T0 + datetime.timedelta(seconds=1)).failed == 1
    message.refresh_from_db()
    assert (message.status, message.last_error) == (MessageStatus.FAILED, "error:RuntimeError")
    assert [o.recipient for o in MemoryChannel.sent] == ["+4520304050"]
    sms.refresh_from_db()
    assert sms.status == MessageStatus.SENT


def test_a_message_held_by_a_worker_is_not_taken_by_another_until_its_lease_ends(
    municipality, settings
):
    settings.OUTBOX_LEASE_SECONDS = 300
    message = enqueue(municipality, channel="sms", recipient="20304050")
    from placematch.outbox.services import _claim

    assert _claim(T0, 10) == [message.pk]  # the first worker takes it (and then dies)
    assert _claim(T0, 10) == []  # a second worker at the same moment does not
    assert outbox_deliver(now=T0 + datetime.timedelta(seconds=299)).sent == 0
    assert outbox_deliver(now=T0 + datetime.timedelta(seconds=300)).sent == 1
    assert len(MemoryChannel.sent) == 1


def test_a_secret_text_is_erased_once_sent(municipality):
    secret = enqueue(municipality, channel="sms", recipient="20304050", erase_body_when_sent=True)
    kept = enqueue(municipality, channel="sms", recipient="20304051")
    outbox_deliver(now=T0)
    secret.refresh_from_db()
    kept.refresh_from_db()
    assert (secret.body, kept.body) == ("", "Åbn linket: https://example.dk/l/x/")
    assert MemoryChannel.sent[0].body == "Åbn linket: https://example.dk/l/x/"


def test_backoff_doubles_up_to_its_ceiling(settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 300
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [60, 120, 240, 300, 300]


def test_queued_messages_wake_the_worker_once_per_commit_and_it_sends_them(
    municipality, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue(municipality)
        enqueue(municipality, recipient="far@example.dk")
    task = DBTaskResult.objects.get()
    assert task.task_path == "placematch.outbox.tasks.outbox_send"
    run_worker(monkeypatch)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value["sent"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["far@example.dk", "mor@example.dk"]
