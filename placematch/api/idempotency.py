# SPDX-License-Identifier: MPL-2.0
"""api: the pages' one-time keys for API writes, sent as the ``Idempotency-Key`` header.

A write sent again with the same key (a client that lost the first answer and retries) writes
nothing and answers with the record as it is now; a key still being worked on answers 409.
The keys are the pages' ``SubmissionKey`` rows, scoped to the token (ADR 0008's rules).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.api.errors import ApiError
from placematch.core.idempotency import KEY_LIFETIME, KEY_PATTERN
from placematch.core.models import SubmissionKey


@contextmanager
def once(request: HttpRequest, key: str) -> Iterator[bool]:
    """Yields True when this call does the write (no key, or a new one), False for a repeat."""
    if not key:
        yield True
        return
    if not KEY_PATTERN.fullmatch(key):
        raise ApiError(
            422,
            "idempotency_key_malformed",
            _("Idempotency-Key must be 16 to 64 letters, digits, - or _."),
        )
    scope = f"api-token:{request.auth.pk}"  # type: ignore[attr-defined]
    route = request.path[:255]
    now = timezone.now()
    SubmissionKey.objects.filter(scope=scope, key=key, created_at__lt=now - KEY_LIFETIME).delete()
    try:
        with transaction.atomic():
            claim = SubmissionKey.objects.create(
                scope=scope, key=key, route=route, fingerprint="", created_at=now
            )
    except IntegrityError:
        earlier = SubmissionKey.objects.filter(scope=scope, key=key).first()
        if earlier is not None and earlier.route != route:
            raise ApiError(
                422,
                "idempotency_key_reused",
                _("This Idempotency-Key was used for another call. Send a new key."),
            ) from None
        if earlier is None or earlier.done_at is None:
            raise ApiError(
                409,
                "idempotency_pending",
                _("The first call with this Idempotency-Key is still running. Try again soon."),
            ) from None
        yield False
        return
    try:
        with transaction.atomic():
            yield True
            SubmissionKey.objects.filter(pk=claim.pk).update(done_at=timezone.now())
    except BaseException:
        SubmissionKey.objects.filter(pk=claim.pk).delete()  # nothing saved: the key is free
        raise
