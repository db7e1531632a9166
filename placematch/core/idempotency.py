# SPDX-License-Identifier: MPL-2.0
"""One-time submission keys: a repeated or parallel POST of a create form creates nothing new.

Every create form carries a hidden key (``{% submission_key %}``). The first POST with a key
claims it in a committed row, so a parallel request sees the claim and waits for the first to
finish; the view then runs in one transaction with the row's "done" mark. A repeat is answered
like the first: the same redirect, or the page (an htmx panel) shown again with a notice. A
submission that saved nothing (4xx, or marked with ``rejected``) frees its key. A second guard
catches the browser's back-and-resubmit, which fetches the form again and so brings a new key:
the same content posted by the same user to the same route within ``CONTENT_WINDOW`` is a
repeat too. ADR 0008 gives the rules and why.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, overload

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from placematch.core.models import SubmissionKey

View = Callable[..., HttpResponse]
Scope = Callable[[HttpRequest], str | None]

FIELD = "submission_key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Never part of the content: the key itself and the CSRF token change with every page.
VOLATILE_FIELDS = frozenset({FIELD, "csrfmiddlewaretoken"})

KEY_LIFETIME = timedelta(hours=24)
CONTENT_WINDOW = timedelta(minutes=10)
# A parallel duplicate waits this long for the first request before it gives up.
WAIT_SECONDS = 15.0
# A claim still unfinished after this long belongs to a request that died; it may be taken.
ABANDONED_AFTER = timedelta(minutes=5)

NOTICE = _("This was already saved.")
PENDING = _("This is still being saved. Wait a moment, then reload the page to see it.")

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def new_key() -> str:
    return get_random_string(32, _ALPHABET)


def user_scope(request: HttpRequest) -> str | None:
    """Keys of signed-in users belong to the user; anonymous posts are not guarded here."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def fingerprint(scope: str, route: str, request: HttpRequest) -> str:
    """A keyed hash of the posted content without key and CSRF token; never the content."""
    parts: list[Any] = []
    for name in sorted(request.POST.keys()):
        if name not in VOLATILE_FIELDS:
            parts.append([name, sorted(" ".join(v.split()) for v in request.POST.getlist(name))])
    for name in sorted(request.FILES.keys()):
        for upload in request.FILES.getlist(name):
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            parts.append([name, ["file", digest.hexdigest()]])
    message = json.dumps([scope, route, parts], ensure_ascii=False, separators=(",", ":"))
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()


def rejected(response: HttpResponse) -> HttpResponse:
    """Mark an answer that saved nothing although it is a 2xx (an htmx panel with errors)."""
    response.submission_rejected = True  # type: ignore[attr-defined]
    return response


def replay_at(request: HttpRequest, url: str) -> None:
    """Send a repeat to this address, for a first answer shown only once (a new link's PIN)."""
    request.submission_replay_at = url  # type: ignore[attr-defined]


def _saved(response: HttpResponse) -> bool:
    return response.status_code < 400 and not getattr(response, "submission_rejected", False)


def _earlier(scope: str, key: str, route: str, content: str) -> SubmissionKey | None:
    """The claim this POST repeats: the same key, or the same content within the window."""
    now = timezone.now()
    same_key = SubmissionKey.objects.filter(scope=scope, key=key).first()
    if same_key is not None:
        if same_key.created_at >= now - KEY_LIFETIME:
            if same_key.route != route:
                raise SuspiciousOperation("a submission key was posted to another form")
            return same_key
        same_key.delete()  # expired: the key is new again
    if not content:
        return None
    return (
        SubmissionKey.objects.filter(
            scope=scope, route=route, fingerprint=content, created_at__gte=now - CONTENT_WINDOW
        )
        .order_by("created_at", "pk")
        .first()
    )


def _claim(scope: str, key: str, route: str, content: str) -> tuple[SubmissionKey, bool]:
    """Claim the key (committed at once: True), or find the earlier claim this POST repeats.

    The earlier claim comes back finished; while it is unfinished this waits, polling, up to
    WAIT_SECONDS and then returns it unfinished.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    pause = 0.02
    while True:
        earlier = _earlier(scope, key, route, content)
        if earlier is None:
            try:
                with transaction.atomic():
                    mine = SubmissionKey.objects.create(
                        scope=scope, key=key, route=route, fingerprint=content,
                        created_at=timezone.now(),
                    )  # fmt: skip
                return mine, True
            except IntegrityError:
                continue  # a parallel request claimed the key first: follow it
        if earlier.done_at is not None:
            return earlier, False
        if earlier.created_at < timezone.now() - ABANDONED_AFTER:
            SubmissionKey.objects.filter(pk=earlier.pk, done_at=None).delete()
            continue
        if time.monotonic() >= deadline:
            return earlier, False
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _with_notice(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Put the notice at the top of an htmx panel (its first element is the swapped one)."""
    notice = render_to_string("core/includes/submission_notice.html", {"text": NOTICE})
    body = response.content.decode(response.charset)
    at = body.find(">", body.find("<")) + 1 if "<" in body else 0
    response.content = (body[:at] + notice + body[at:]).encode(response.charset)
    return response


def _repeat(
    request: HttpRequest, earlier: SubmissionKey, view: View, args: Any, kwargs: Any
) -> HttpResponse:
    """Answer a repeat as the first was answered, saying that nothing new was saved."""
    if earlier.done_at is None:
        return render(request, "core/submission_pending.html", {"text": PENDING}, status=409)
    htmx = bool(getattr(request, "htmx", False))
    if earlier.location:
        messages.info(request, NOTICE)
        return redirect(earlier.location)
    # The first answer was a page: show it again as it is now, from a GET of the same view.
    request.method = "GET"
    request.POST = QueryDict()
    request._files = MultiValueDict()  # type: ignore[attr-defined]
    if not htmx:
        messages.info(request, NOTICE)
    response = view(request, *args, **kwargs)
    return _with_notice(request, response) if htmx else response


@overload
def idempotent(view: View, *, scope: Scope = user_scope, same_content: bool = True) -> View: ...


@overload
def idempotent(
    view: None = None, *, scope: Scope = user_scope, same_content: bool = True
) -> Callable[[View], View]: ...


def idempotent(
    view: View | None = None, *, scope: Scope = user_scope, same_content: bool = True
) -> View | Callable[[View], View]:
    """Guard a view's create forms: a POST with a submission key is done at most once.

    A POST without a key (an edit or an action button on the same route) passes straight
    through; `tests/test_submission_keys.py` checks that every create form carries one.
    ``same_content=False`` leaves out the content guard, for a form whose same content is
    the normal way to ask for a new row (a replacement secure link).
    """

    def decorator(inner: View) -> View:
        @wraps(inner)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = request.POST.get(FIELD, "") if request.method == "POST" else ""
            owner = scope(request) if key else None
            if not key or owner is None:
                return inner(request, *args, **kwargs)
            if not KEY_PATTERN.fullmatch(key):
                raise SuspiciousOperation("malformed submission key")
            route = request.path[:255]
            # Without the content guard the fingerprint is the key's own, so it matches nothing.
            content = fingerprint(owner, route, request) if same_content else ""
            claim, mine = _claim(owner, key, route, content)
            if not mine:
                return _repeat(request, claim, inner, args, kwargs)
            try:
                with transaction.atomic():
                    response = inner(request, *args, **kwargs)
                    if _saved(response):
                        location = getattr(request, "submission_replay_at", "") or (
                            response.get("Location", "") if 300 <= response.status_code < 400
                            else ""
                        )  # fmt: skip
                        SubmissionKey.objects.filter(pk=claim.pk).update(
                            done_at=timezone.now(), location=location[:500]
                        )
                    else:
                        claim.delete()  # nothing saved: the corrected form may use the key
            except BaseException:
                SubmissionKey.objects.filter(pk=claim.pk).delete()
                raise
            return response

        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def prune(*, now: Any = None) -> int:
    """Remove expired keys; returns how many."""
    cutoff = (now or timezone.now()) - KEY_LIFETIME
    deleted, _by_model = SubmissionKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
