# SPDX-License-Identifier: MPL-2.0
"""Races on PostgreSQL: eight caseworkers save the same case form, loaded once, at one moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from placematch.children.models import Case
from placematch.children.tests.factories import CaseFactory
from placematch.core.tests.page_forms import form_data

THREADS = 8

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (see .ci/run)"
    ),
]


def test_eight_saves_of_one_loaded_case_form_let_exactly_one_through(
    users, municipality, client_for
):
    caseworker = users[("own", "caseworker")]
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    loaded = Case.objects.get(pk=case.pk).version
    url = f"/children/cases/{case.pk}/edit/"
    clients = [client_for(caseworker) for _ in range(THREADS)]
    page = form_data(clients[0].get(url).content.decode())
    assert page["edit_version"] == [str(loaded)]
    barrier = threading.Barrier(THREADS)
    outcomes: dict[int, tuple[int, str]] = {}
    lock = threading.Lock()

    def save(number: int) -> None:
        data = {**page, "safety_note": [f"Gemt af fane {number}"]}
        try:
            barrier.wait(timeout=30)
            response = clients[number].post(url, data)
            outcome = (response.status_code, response.content.decode())
        finally:
            connection.close()
        with lock:
            outcomes[number] = outcome

    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == THREADS
    codes = sorted(status for status, _html in outcomes.values())
    assert codes == [302] + [400] * (THREADS - 1), codes
    for status, html in outcomes.values():
        if status == 400:
            # Refused as stale, with the winner's note named: never a half-save or a 500.
            assert "Ændret i mellemtiden" in html and "Nu: Gemt af fane" in html
    (winner,) = [n for n, (status, _html) in outcomes.items() if status == 302]
    case.refresh_from_db()
    assert case.version == loaded + 1
    assert case.safety_note == f"Gemt af fane {winner}"
