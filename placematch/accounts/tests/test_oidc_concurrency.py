# SPDX-License-Identifier: MPL-2.0
"""Two first sign-ins of the same person at once (a double click at the identity provider) give
one account, on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from placematch.accounts.models import ClaimRoleRule, ExternalIdentity, IdentityProvider, User
from placematch.accounts.services import external_user_sign_in

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (see .ci/run)"
    ),
]
THREADS = 4


def test_simultaneous_first_sign_ins_create_one_account(municipality):
    provider = IdentityProvider.objects.create(
        organisation=municipality,
        slug="samtidig",
        name="Samtidig login",
        issuer="https://login.samtidig.example",
        client_id="pm",
    )
    ClaimRoleRule.objects.create(provider=provider, value="sag", role="caseworker")
    claims = {"sub": "same-person", "given_name": "Testine", "groups": ["sag"]}
    barrier = threading.Barrier(THREADS)
    users: list[int | None] = []
    lock = threading.Lock()

    def sign_in() -> None:
        try:
            barrier.wait(timeout=30)
            outcome = external_user_sign_in(provider=provider, claims=claims)
            with lock:
                users.append(outcome.user.pk if outcome.user else None)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(users) == THREADS and len(set(users)) == 1 and None not in users
    assert ExternalIdentity.objects.count() == 1
    assert User.objects.filter(organisation=municipality, first_name="Testine").count() == 1
