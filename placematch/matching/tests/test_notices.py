# SPDX-License-Identifier: MPL-2.0
"""A place's staff hear of a new inquiry by e-mail: who asks and by when, not about whom."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from placematch.accounts.models import Role
from placematch.matching import services
from placematch.matching.models import Inquiry
from placematch.matching.workdays import COPENHAGEN
from placematch.outbox.models import Message
from placematch.outbox.services import outbox_deliver


def send(world, places):
    return services.inquiry_send(
        request=None,
        user=world["caseworker"],
        case=world["case"],
        places=places,
        urgency="normal",
        disclosure_basis="necessary",
        disclosure_note="",
        parents_informed_on=datetime.date(2026, 3, 30),
        child_informed_on=datetime.date(2026, 3, 31),
    )


@time_machine.travel(datetime.datetime(2026, 4, 1, 10, 0, tzinfo=COPENHAGEN), tick=False)
def test_the_places_staff_get_one_minimised_e_mail_each_and_only_they(
    world, make_user, provider_org
):
    staff = world["staff"]
    staff.email = "personale@example.dk"
    staff.save(update_fields=["email"])
    make_user(provider_org, Role.PROVIDER_ADMIN, email="leder@example.dk")
    make_user(provider_org, Role.PROVIDER_STAFF, email="not an address")  # skipped, not fatal
    world["other_staff"].email = "andre@example.dk"
    world["other_staff"].save(update_fields=["email"])

    send(world, [world["place"]])
    outbox_deliver()
    assert sorted(m.to[0] for m in mail.outbox) == ["leder@example.dk", "personale@example.dk"]
    sent = mail.outbox[0]
    municipality = world["case"].organisation.name
    assert sent.subject == f"Ny forespørgsel fra {municipality}"
    assert "Svar venligst senest den 13. april 2026 kl. 23:59." in sent.body
    assert "/matching/provider/inquiries/" in sent.body
    child = world["child"]
    for private in (child.first_name, child.last_name, child.case_number, child.school_name):
        assert private not in sent.body
    assert set(Message.objects.values_list("child_id", flat=True)) == {child.pk}


@pytest.mark.django_db
def test_an_inquiry_refused_for_a_duplicate_leaves_no_notice(world):
    world["staff"].email = "personale@example.dk"
    world["staff"].save(update_fields=["email"])
    send(world, [world["place"]])
    with pytest.raises(services.InquiryError):
        send(world, [world["other_place"], world["place"]])
    assert Inquiry.objects.count() == 1
    assert Message.objects.count() == 1
