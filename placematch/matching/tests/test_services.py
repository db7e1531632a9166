# SPDX-License-Identifier: MPL-2.0
"""Inquiry services: deadlines, the open limit, answers, withdrawal, stage 2 and the log."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from matchengine.vocab import Dimension
from placematch.audit.models import AccessLogEntry, Action
from placematch.matching import services
from placematch.matching.models import Inquiry, InquiryStatus
from placematch.matching.tests.factories import InquiryFactory
from placematch.matching.workdays import COPENHAGEN
from placematch.providers.tests.factories import PlaceFactory

ALL_CAN = dict.fromkeys((d.value for d in Dimension), "can")


def send(world, places, urgency="normal", **extra):
    return services.inquiry_send(
        request=None,
        user=world["caseworker"],
        case=world["case"],
        places=places,
        urgency=urgency,
        disclosure_basis=extra.pop("basis", "necessary"),
        disclosure_note=extra.pop("note", ""),
        parents_informed_on=datetime.date(2026, 3, 30),
        child_informed_on=datetime.date(2026, 3, 31),
        **extra,
    )


@time_machine.travel(datetime.datetime(2026, 4, 1, 10, 0, tzinfo=COPENHAGEN), tick=False)
def test_a_normal_inquiry_sent_before_easter_is_due_on_the_fifth_working_day(world):
    [inquiry] = send(world, [world["place"]])
    assert inquiry.due_at == datetime.datetime(2026, 4, 13, 23, 59, 59, tzinfo=COPENHAGEN)
    assert timezone.localtime(inquiry.due_at).date() == datetime.date(2026, 4, 13)


@time_machine.travel(datetime.datetime(2026, 12, 22, 15, 0, tzinfo=COPENHAGEN), tick=False)
def test_a_normal_inquiry_sent_before_christmas_is_due_after_new_year(world):
    [inquiry] = send(world, [world["place"]])
    assert inquiry.due_at == datetime.datetime(2027, 1, 4, 23, 59, 59, tzinfo=COPENHAGEN)


@time_machine.travel(datetime.datetime(2026, 4, 2, 9, 30, tzinfo=COPENHAGEN), tick=False)
def test_an_acute_inquiry_is_due_in_clock_hours_even_on_a_holiday(world):
    [inquiry] = send(world, [world["place"]], urgency="acute")
    assert inquiry.due_at == datetime.datetime(2026, 4, 3, 9, 30, tzinfo=COPENHAGEN)


@override_settings(MATCHING_ACUTE_ANSWER_HOURS=6, MATCHING_ANSWER_WORKING_DAYS=2)
@time_machine.travel(datetime.datetime(2026, 4, 1, 10, 0, tzinfo=COPENHAGEN), tick=False)
def test_deadlines_follow_the_settings(world):
    [acute] = send(world, [world["place"]], urgency="acute")
    [normal] = send(world, [world["other_place"]])
    assert acute.due_at == datetime.datetime(2026, 4, 1, 16, 0, tzinfo=COPENHAGEN)
    assert normal.due_at.date() == datetime.date(2026, 4, 8)


@override_settings(MATCHING_MAX_OPEN_INQUIRIES=3)
def test_the_open_limit_counts_per_child_and_says_how_many_are_left(world):
    places = [PlaceFactory() for _ in range(4)]
    send(world, places[:2])
    with pytest.raises(services.InquiryError) as caught:
        send(world, places[2:4])
    message = caught.value.message
    assert "3" in message and "1" in message
    assert Inquiry.objects.count() == 2  # nothing of the refused send was saved
    send(world, places[2:3])
    # A withdrawn or declined inquiry frees a slot.
    first = Inquiry.objects.filter(place=places[0]).get()
    services.inquiry_withdraw(request=None, user=world["caseworker"], inquiry=first)
    send(world, places[3:4])
    assert Inquiry.objects.filter(status__in=["sent", "answered"]).count() == 3


def test_the_default_limit_is_five(world):
    places = [PlaceFactory() for _ in range(6)]
    with pytest.raises(services.InquiryError, match="5"):
        send(world, places)
    assert send(world, places[:5])


def test_no_place_other_basis_without_note_and_duplicates_are_refused(world):
    with pytest.raises(services.InquiryError):
        send(world, [])
    with pytest.raises(services.InquiryError):
        send(world, [world["place"]], basis="other")
    send(world, [world["place"]], basis="other", note="Aftale med forældrene")
    with pytest.raises(services.InquiryError, match="Plejefamilie Prøvesen"):
        send(world, [world["place"]])
    assert Inquiry.objects.count() == 1


def test_sending_logs_one_row_per_place_with_the_child_as_subject(world):
    send(world, [world["place"], world["other_place"]])
    rows = AccessLogEntry.objects.filter(action=Action.CREATE, object_type="matching.inquiry")
    assert rows.count() == 2
    assert {r.subject_id for r in rows} == {str(world["child"].pk)}


def test_a_no_needs_a_reason_and_other_needs_words(world):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    staff = world["staff"]
    with pytest.raises(services.InquiryError):
        services.inquiry_answer(
            request=None, user=staff, inquiry=inquiry, answer="no", dimension_answers={}
        )
    with pytest.raises(services.InquiryError):
        services.inquiry_answer(
            request=None,
            user=staff,
            inquiry=inquiry,
            answer="no",
            dimension_answers={},
            decline_reason="other",
        )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SENT and inquiry.answered_at is None
    answered = services.inquiry_answer(
        request=None,
        user=staff,
        inquiry=inquiry,
        answer="no",
        dimension_answers={},
        decline_reason="no_capacity",
    )
    assert answered.status == InquiryStatus.DECLINED
    with pytest.raises(services.InquiryError):  # answered once only
        services.inquiry_answer(
            request=None, user=staff, inquiry=inquiry, answer="yes", dimension_answers=ALL_CAN
        )


def test_a_yes_needs_every_dimension(world):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    partial = dict(ALL_CAN)
    partial.pop("health")
    with pytest.raises(services.InquiryError):
        services.inquiry_answer(
            request=None,
            user=world["staff"],
            inquiry=inquiry,
            answer="yes",
            dimension_answers=partial,
        )
    services.inquiry_answer(
        request=None, user=world["staff"], inquiry=inquiry, answer="yes", dimension_answers=ALL_CAN
    )
    assert inquiry.dimension_answers.count() == 7


def test_stage_2_needs_a_yes_and_is_logged_as_a_disclosure(world):
    maybe = InquiryFactory(case=world["case"], place=world["place"])
    services.inquiry_answer(
        request=None, user=world["staff"], inquiry=maybe, answer="maybe", dimension_answers=ALL_CAN
    )
    with pytest.raises(services.InquiryError):
        services.inquiry_proceed(request=None, user=world["caseworker"], inquiry=maybe)
    yes = InquiryFactory(case=world["case"], place=world["other_place"])
    with pytest.raises(services.InquiryError):  # not answered yet
        services.inquiry_proceed(request=None, user=world["caseworker"], inquiry=yes)
    services.inquiry_answer(
        request=None,
        user=world["staff"],
        inquiry=yes,
        answer="yes_with_support",
        dimension_answers=ALL_CAN,
        support_needed="Supervision",
    )
    proceeded = services.inquiry_proceed(request=None, user=world["caseworker"], inquiry=yes)
    assert proceeded.stage == 2
    row = AccessLogEntry.objects.get(action=Action.DISCLOSE)
    assert row.subject_type == "children.child" and row.subject_id == str(world["child"].pk)
    assert row.user == world["caseworker"]
    with pytest.raises(services.InquiryError):  # not twice
        services.inquiry_proceed(request=None, user=world["caseworker"], inquiry=yes)


def test_withdrawn_inquiries_cannot_be_answered_or_withdrawn_again(world):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    services.inquiry_withdraw(request=None, user=world["caseworker"], inquiry=inquiry, reason="x")
    with pytest.raises(services.InquiryError):
        services.inquiry_withdraw(request=None, user=world["caseworker"], inquiry=inquiry)
    with pytest.raises(services.InquiryError):
        services.inquiry_answer(
            request=None,
            user=world["staff"],
            inquiry=inquiry,
            answer="yes",
            dimension_answers=ALL_CAN,
        )


def test_overdue_is_an_unanswered_inquiry_past_its_deadline(world):
    sent = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=COPENHAGEN)
    inquiry = InquiryFactory(case=world["case"], place=world["place"], sent_at=sent)
    assert not inquiry.is_overdue(datetime.datetime(2026, 4, 13, 23, 59, 59, tzinfo=COPENHAGEN))
    assert inquiry.is_overdue(datetime.datetime(2026, 4, 14, 0, 0, 0, tzinfo=COPENHAGEN))
