# SPDX-License-Identifier: MPL-2.0
"""Parallel POSTs of one create form with one submission key on PostgreSQL: one row."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from placematch.children.models import Conversation, Wish
from placematch.children.tests.factories import CaseFactory
from placematch.core.idempotency import FIELD
from placematch.core.models import SubmissionKey

THREADS = 8

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="parallel requests need PostgreSQL (see .ci/run)"
    ),
]


def _post_at_once(clients: list[Client], url: str, data: dict[str, str], **extra: str) -> list:
    barrier = threading.Barrier(len(clients))
    answers: list = [None] * len(clients)

    def post(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            answers[index] = clients[index].post(url, data, **extra)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(answer is not None for answer in answers)
    return answers


def _clients(user, count: int = THREADS) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_eight_parallel_posts_with_one_key_save_one_wish_and_get_one_answer(
    caseworker, municipality
):
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    url = f"/children/cases/{case.pk}/wishes/"
    data = {"kind": "animals", "text": "En hund", "importance": "high", FIELD: "p" * 32}
    started = time.monotonic()
    answers = _post_at_once(_clients(caseworker), url, data)
    elapsed = time.monotonic() - started
    assert Wish.objects.filter(case=case).count() == 1
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, url)}
    assert SubmissionKey.objects.get().done_at is not None
    assert elapsed < 15, elapsed


def test_eight_parallel_htmx_posts_return_the_same_panel_with_one_conversation(
    caseworker, municipality
):
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    url = f"/children/cases/{case.pk}/conversations/"
    data = {"kind": "conversation", "held_on": "2024-06-01", "present": "Sagsbehandler",
            "child_words": "Jeg vil bo med min bror", FIELD: "q" * 32}  # fmt: skip
    answers = _post_at_once(_clients(caseworker), url, data, HTTP_HX_REQUEST="true")
    assert Conversation.objects.filter(case=case).count() == 1
    bodies = [a.content.decode() for a in answers]
    assert all(a.status_code == 200 and "Jeg vil bo med min bror" in b for a, b in
               zip(answers, bodies, strict=True))  # fmt: skip
    assert sum("Det er allerede gemt." in b for b in bodies) == THREADS - 1


def test_parallel_posts_that_fail_validation_save_nothing_and_free_the_key(
    caseworker, municipality
):
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    url = f"/children/cases/{case.pk}/wishes/"
    data = {"kind": "animals", "text": "", "importance": "high", FIELD: "r" * 32}
    answers = _post_at_once(_clients(caseworker, 4), url, data)
    assert {a.status_code for a in answers} == {400}
    assert not Wish.objects.exists() and not SubmissionKey.objects.exists()
