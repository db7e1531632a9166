# SPDX-License-Identifier: MPL-2.0
"""The recipient's side: token swapped for a session, refusals, PIN, rate limit, access log."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from placematch.audit.models import AccessLogEntry, Action
from placematch.involvement import registry
from placematch.involvement.access import RATE_LIMITS, SESSION_KEY
from placematch.involvement.models import LinkStatus, SecureLink
from placematch.involvement.tests import specs

pytestmark = pytest.mark.django_db

FORM = "/l/form/"
ASK = "Spørg den voksne, der gav dig linket, om et nyt link."


def open_url(token: str) -> str:
    return reverse("involvement:open", args=[token])


def rejections(**filters) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(action=Action.LINK_REJECTED, **filters))


def assert_refused(response, status: int, reason: str, link: SecureLink | None = None) -> None:
    assert response.status_code == status
    # At the token's address only the origin may leave as a Referer; elsewhere the site's rule.
    at_token = not response.wsgi_request.path.startswith(("/l/form/", "/l/pin/"))
    assert response["Referrer-Policy"] == ("origin" if at_token else "same-origin")
    text = response.content.decode()
    assert "<h1>Linket virker ikke</h1>" in text
    entry = AccessLogEntry.objects.filter(action=Action.LINK_REJECTED).order_by("-id").first()
    assert entry is not None
    assert entry.detail["reason"] == reason
    if link is not None:
        assert (entry.subject_type, entry.subject_id) == ("tests.subject", link.subject_id)
        assert entry.object_id == str(link.pk)


def test_a_link_opens_its_form_and_an_answer_marks_it_answered(issue, visitor, subject):
    link, token = issue()
    assert link.status == LinkStatus.SENT

    response = visitor.get(open_url(token))
    assert response.status_code == 302
    assert response["Location"] == FORM
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]

    page = visitor.get(FORM, follow=True)
    assert page.status_code == 200
    assert f'data-subject="{subject}"' in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"  # no token here; forms need the Origin
    assert "no-store" in page["Cache-Control"]
    link.refresh_from_db()
    assert link.status == LinkStatus.OPENED

    saved = visitor.post(FORM, {"answer": "Jeg vil gerne bo tæt på min skole"}, follow=True)
    assert saved.redirect_chain == [("/l/form/heard/", 302)]
    assert "Det hørte vi" in saved.content.decode()
    assert specs.saved == [(specs.KEY, subject, "Jeg vil gerne bo tæt på min skole")]
    link.refresh_from_db()
    assert link.status == LinkStatus.ANSWERED


def test_the_token_leaves_the_address_bar_and_never_reaches_the_database_or_log(issue, visitor):
    link, token = issue()
    response = visitor.get(open_url(token), follow=True)
    final_url = response.request["PATH_INFO"]
    assert final_url == FORM
    assert token not in final_url
    assert all(token not in url for url, _status in response.redirect_chain)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [
        *SecureLink.objects.values_list(),
        *SecureLink.history.values_list(),
        *AccessLogEntry.objects.values_list(),
    ]
    assert token not in repr(stored)
    uses = AccessLogEntry.objects.filter(action=Action.LINK_USE, object_id=str(link.pk))
    assert [e.detail.get("event") for e in uses.order_by("id")] == ["open", "form"]
    assert {(e.subject_type, e.subject_id) for e in uses} == {("tests.subject", link.subject_id)}


def test_the_session_key_is_cycled_and_holds_only_the_link_id(issue, visitor):
    link, token = issue()
    visitor.get(reverse("involvement:pin"))  # any request, to have a session cookie first
    before = visitor.session.session_key
    visitor.get(open_url(token))
    session = visitor.session
    assert session.session_key != before
    assert session[SESSION_KEY]["id"] == link.pk
    assert token not in repr(dict(session.items()))


def test_an_expired_link_is_refused_with_410_and_nothing_is_saved(issue, visitor):
    link, token = issue()
    with time_machine.travel(timezone.now() + timedelta(days=14, seconds=1)):
        response = visitor.get(open_url(token))
        assert_refused(response, 410, "expired", link)
        assert "Linket er for gammelt." in response.content.decode()
        assert ASK in response.content.decode()
        assert visitor.post(FORM, {"answer": "x"}).status_code == 404
        link.refresh_from_db()
        assert link.status == LinkStatus.EXPIRED
    assert specs.saved == []


def test_a_link_still_works_the_second_before_it_expires(issue, visitor):
    link, token = issue(valid_days=3)
    with time_machine.travel(link.expires_at - timedelta(seconds=1)):
        assert visitor.get(open_url(token)).status_code == 302


def test_a_link_that_expires_during_the_session_stops_at_once(issue, visitor):
    link, token = issue(valid_days=1)
    with time_machine.travel(link.expires_at - timedelta(minutes=5), tick=False) as clock:
        visitor.get(open_url(token))
        assert visitor.get(FORM).status_code == 200
        clock.shift(timedelta(minutes=6))
        assert_refused(visitor.post(FORM, {"answer": "for sent"}), 410, "expired", link)
    assert specs.saved == []


def test_a_revoked_link_is_refused_even_inside_an_open_session(issue, visitor, caseworker):
    from placematch.involvement.services import link_revoke

    link, token = issue()
    visitor.get(open_url(token))
    link_revoke(actor=caseworker, link=link)
    response = visitor.post(FORM, {"answer": "efter lukning"})
    assert_refused(response, 410, "revoked", link)
    assert "Linket er lukket." in response.content.decode()
    assert_refused(visitor.get(open_url(token)), 410, "revoked", link)
    assert specs.saved == []
    # The refusal ended the link session: the form stays closed.
    assert visitor.get(FORM).status_code == 404


def test_a_tampered_or_unknown_token_is_refused_with_404(issue, visitor):
    _link, token = issue()
    changed = ("B" if token[0] != "B" else "C") + token[1:]
    response = visitor.get(open_url(changed))
    assert_refused(response, 404, "unknown")
    assert "Vi kan ikke finde linket." in response.content.decode()
    assert_refused(visitor.get(open_url(token[:-1])), 404, "tampered")
    assert_refused(visitor.get(open_url("not a token")), 404, "tampered")
    # Nothing about an unknown token points at a subject, and the token is not kept.
    for entry in rejections():
        assert entry.subject_id == ""
        assert changed not in repr(entry.detail)
    assert visitor.post(FORM, {"answer": "x"}).status_code == 404
    assert specs.saved == []


def test_form_pages_without_a_link_session_are_refused(visitor, client_for, caseworker):
    for url in (FORM, "/l/form/heard/", reverse("involvement:pin")):
        assert_refused(visitor.get(url), 404, "no_session")
        # A signed-in caseworker has no link session either.
        assert client_for(caseworker).get(url).status_code == 404
    assert_refused(visitor.post(FORM, {"answer": "x"}), 404, "no_session")
    assert specs.saved == []


def test_a_link_opens_only_its_own_form_and_subject(issue, visitor, municipality):
    first, first_token = issue()
    second, _second_token = issue(form_key=specs.OTHER_KEY, subject_id=f"{municipality.pk}-8")
    visitor.get(open_url(first_token))
    page = visitor.get(FORM).content.decode()
    assert f'data-subject="{first.subject_id}"' in page
    assert second.subject_id not in page
    # A step the form does not have is a refusal, not another form.
    assert_refused(visitor.get("/l/form/other-step/"), 404, "not_found", first)
    visitor.post(FORM, {"answer": "svar"})
    assert specs.saved == [(specs.KEY, first.subject_id, "svar")]


def test_a_link_whose_case_moved_to_another_municipality_is_refused(
    issue, visitor, other_municipality
):
    link, token = issue()
    visitor.get(open_url(token))
    specs.moved[link.subject_id] = other_municipality.pk
    assert_refused(visitor.post(FORM, {"answer": "x"}), 404, "unavailable", link)
    assert_refused(visitor.get(open_url(token)), 404, "unavailable", link)
    assert specs.saved == []


def test_a_link_to_a_form_no_app_registers_any_more_is_refused(issue, visitor):
    _link, token = issue()
    registry.unregister(specs.KEY)
    response = visitor.get(open_url(token))
    assert response.status_code == 404
    entry = rejections().pop()
    assert entry.detail == {"form_key": specs.KEY, "reason": "unavailable"}


def test_the_link_session_ends_after_an_hour_without_use(issue, visitor):
    link, token = issue()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        visitor.get(open_url(token))
        clock.shift(timedelta(minutes=50))
        assert visitor.get(FORM).status_code == 200  # use keeps the session alive
        clock.shift(timedelta(minutes=50))
        assert visitor.get(FORM).status_code == 200
        clock.shift(timedelta(minutes=61))
        response = visitor.post(FORM, {"answer": "for sent"})
        assert_refused(response, 404, "session_expired", link)
        assert "Åbn linket igen." in response.content.decode()
        assert visitor.get(FORM).status_code == 404
        # The token itself is still valid: opening it again starts a new session.
        assert visitor.get(open_url(token)).status_code == 302
        assert visitor.get(FORM).status_code == 200
    assert specs.saved == []


# -- PIN ----------------------------------------------------------------------------------


def test_a_pin_link_asks_for_the_code_before_the_form(issue, visitor):
    link, token = issue(pin="4711")
    assert visitor.get(open_url(token))["Location"] == reverse("involvement:pin")
    assert visitor.get(FORM)["Location"] == reverse("involvement:pin")
    assert visitor.post(FORM, {"answer": "uden kode"}).status_code == 302
    assert specs.saved == []
    page = visitor.get(reverse("involvement:pin"))
    assert "<h1>Skriv din kode</h1>" in page.content.decode()
    response = visitor.post(reverse("involvement:pin"), {"pin": "4711"})
    assert response["Location"] == FORM
    assert visitor.get(FORM).status_code == 200
    assert visitor.get(reverse("involvement:pin"))["Location"] == FORM
    assert link.pin_hash and "4711" not in link.pin_hash


def test_a_wrong_pin_counts_on_the_link_and_the_fifth_locks_it(issue, visitor, client_for):
    link, token = issue(pin="4711")
    visitor.get(open_url(token))
    for attempt in range(1, 5):
        response = visitor.post(reverse("involvement:pin"), {"pin": "1234"})
        assert response.status_code == 400
        assert f"Du kan prøve {5 - attempt} gange mere." in response.content.decode()
        link.refresh_from_db()
        assert link.failed_pin_attempts == attempt
    response = visitor.post(reverse("involvement:pin"), {"pin": "1234"})
    assert_refused(response, 410, "locked", link)
    assert "Koden var forkert for mange gange." in response.content.decode()
    link.refresh_from_db()
    assert link.is_locked and link.status == LinkStatus.REVOKED
    # The right code no longer helps, in this browser or a new one.
    assert_refused(visitor.post(reverse("involvement:pin"), {"pin": "4711"}), 410, "locked", link)
    other = client_for(None)
    assert_refused(other.get(open_url(token)), 410, "locked", link)
    assert len(rejections(detail__reason="wrong_pin")) == 4
    assert specs.saved == []


def test_a_right_pin_resets_the_count_and_a_malformed_pin_is_not_counted(issue, visitor):
    link, token = issue(pin="123456")
    visitor.get(open_url(token))
    visitor.post(reverse("involvement:pin"), {"pin": "0000"})
    response = visitor.post(reverse("involvement:pin"), {"pin": "12a"})
    assert response.status_code == 400
    assert "Koden er 4 til 8 tal." in response.content.decode()
    link.refresh_from_db()
    assert link.failed_pin_attempts == 1
    assert visitor.post(reverse("involvement:pin"), {"pin": ""}).status_code == 400
    assert visitor.post(reverse("involvement:pin"), {"pin": "123456"}).status_code == 302
    link.refresh_from_db()
    assert link.failed_pin_attempts == 0


def test_a_link_without_pin_skips_the_pin_page(issue, visitor):
    _link, token = issue()
    visitor.get(open_url(token))
    assert visitor.get(reverse("involvement:pin"))["Location"] == FORM


# -- rate limit ---------------------------------------------------------------------------


def test_too_many_unknown_tokens_from_one_address_are_refused_for_a_while(issue, client_for):
    _link, token = issue()
    limit, window = RATE_LIMITS["token"]
    guesser = client_for(None)
    for n in range(limit):
        assert guesser.get(open_url(f"{n:043d}")).status_code == 404
    response = guesser.get(open_url(token))
    assert_refused(response, 404, "rate_limited")
    assert "Der er prøvet for mange gange herfra." in response.content.decode()
    # Another address is not affected, and the block lifts after the window.
    neighbour = client_for(None)
    assert neighbour.get(open_url(token), REMOTE_ADDR="10.0.0.9").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(seconds=window + 1)):
        from django.core.cache import cache

        # LocMemCache keeps its own clock; an expired window is what clearing models here.
        cache.clear()
        assert guesser.get(open_url(token)).status_code == 302


def test_too_many_wrong_pins_from_one_address_are_refused_across_links(issue, subject):
    from django.test import Client

    limit, _window = RATE_LIMITS["pin"]
    guesser = Client()
    tried = 0
    person = 0
    while tried < limit:
        person += 1
        _link, token = issue(pin="4711", person_id=str(person))
        guesser.get(open_url(token))
        for _ in range(min(4, limit - tried)):
            guesser.post(reverse("involvement:pin"), {"pin": "9999"})
            tried += 1
    _link, token = issue(pin="4711", person_id="last")
    guesser.get(open_url(token))
    response = guesser.post(reverse("involvement:pin"), {"pin": "4711"})
    assert_refused(response, 404, "rate_limited", _link)
    assert specs.saved == []
