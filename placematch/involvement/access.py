# SPDX-License-Identifier: MPL-2.0
"""involvement: the link session, its checks, the rate limit and the friendly refusal page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, overload

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.core.routes import AccessClass, mark
from placematch.involvement import registry
from placematch.involvement.models import SecureLink

View = Callable[..., HttpResponse]

SESSION_KEY = "involvement_link"
# Failed tries per client address and window before every try is refused for a while.
RATE_LIMITS = {"token": (20, 15 * 60), "pin": (10, 15 * 60)}

# Why a link was refused: HTTP status, what happened and what to do, in words a child reads.
# 410 says the link existed but is gone for good; everything else is 404, as if never there.
ASK_FOR_NEW = _("Ask the adult who gave you the link for a new link.")
# Parents and foster families are adults: they are not told to ask "the adult".
ASK_FOR_NEW_ADULT = _("Ask the person who sent you the link for a new link.")
OPEN_AGAIN = _("Open the link again. If it does not work, ask the adult who gave it to you.")
REASONS: dict[str, tuple[int, Any, Any]] = {
    "expired": (410, _("The link is too old."), ASK_FOR_NEW),
    "revoked": (410, _("The link is closed."), ASK_FOR_NEW),
    "locked": (410, _("The code was wrong too many times. So the link is closed."), ASK_FOR_NEW),
    "unknown": (404, _("We cannot find the link. Maybe a part of it is missing."), ASK_FOR_NEW),
    "tampered": (404, _("We cannot find the link. Maybe a part of it is missing."), ASK_FOR_NEW),
    "unavailable": (404, _("The link does not fit this page."), ASK_FOR_NEW),
    "not_found": (404, _("The link does not fit this page."), ASK_FOR_NEW),
    "no_session": (404, _("You need the link you got to see this page."), OPEN_AGAIN),
    "session_expired": (404, _("You were away for a while. So we closed the page."), OPEN_AGAIN),
    "rate_limited": (
        404,
        _("There were too many tries from here."),
        _("Wait 15 minutes. Then try again."),
    ),
}


def session_minutes() -> int:
    return int(getattr(settings, "INVOLVEMENT_SESSION_MINUTES", 60))


# -- rate limit ---------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    # The deployment's proxy must pass the client's address as REMOTE_ADDR.
    return str(request.META.get("REMOTE_ADDR", ""))


def _rate_key(scope: str, request: HttpRequest) -> str:
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    return f"involvement:tries:{scope}:{address}"


def rate_limited(request: HttpRequest, scope: str) -> bool:
    limit, _window = RATE_LIMITS[scope]
    return int(cache.get(_rate_key(scope, request), 0)) >= limit


def record_failure(request: HttpRequest, scope: str) -> None:
    _limit, window = RATE_LIMITS[scope]
    key = _rate_key(scope, request)
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


# -- responses ----------------------------------------------------------------------------


# Referrer policies. The address with the token sends no Referer at all; a page there with a
# form (the refusal page's language switch) sends only the origin, because under
# "no-referrer" browsers send "Origin: null" with a POST and the CSRF check must refuse it.
# Pages at the clean addresses keep the site's same-origin policy, for the same reason.
NO_REFERRER = "no-referrer"
ORIGIN_ONLY = "origin"


def private(response: HttpResponse, referrer_policy: str = "") -> HttpResponse:
    """Link pages: nothing caches them, no search engine lists them, no token in a Referer."""
    if referrer_policy:
        response.headers["Referrer-Policy"] = referrer_policy
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


def log_link(
    request: HttpRequest, action: Action, link: SecureLink | None, **detail: object
) -> None:
    """One access-log row for a use or refusal; never the token, only the link and subject."""
    subject_type = subject_id = ""
    if link is not None:
        try:
            subject_type = registry.get(link.form_key).log_subject_type
        except KeyError:
            subject_type = f"involvement.{link.form_key}"
        subject_id = link.subject_id
        detail = {"form_key": link.form_key, **detail}
    access_log_write(
        request=request,
        action=action,
        obj=link,
        object_type="" if link else "involvement.securelink",
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
    )


def refuse(request: HttpRequest, reason: str, link: SecureLink | None = None) -> HttpResponse:
    """The one friendly page for every refused link; logged, and nothing is saved."""
    status, text, advice = REASONS[reason]
    if advice == ASK_FOR_NEW and link is not None and not for_child(link):
        advice = ASK_FOR_NEW_ADULT
    log_link(request, Action.LINK_REJECTED, link, reason=reason)
    request.involvement_logged = True  # type: ignore[attr-defined]
    response = render(
        request,
        "involvement/refused.html",
        {"reason": reason, "text": text, "advice": advice},
        status=status,
    )
    at_token = bool(request.resolver_match and request.resolver_match.url_name == "open")
    return private(response, ORIGIN_ONLY if at_token else "")


def for_child(link: SecureLink) -> bool:
    """Is the link's reader a child? Unknown forms count as a child's: the plainest words."""
    try:
        return registry.get(link.form_key).audience == "child"
    except KeyError:
        return True


# -- the link session ---------------------------------------------------------------------


def link_refusal(link: SecureLink) -> str | None:
    """Why this link may not be used now, or None when it may."""
    if link.is_locked:
        return "locked"
    if link.revoked_at is not None:
        return "revoked"
    if link.is_expired():
        return "expired"
    try:
        spec = registry.get(link.form_key)
    except KeyError:
        return "unavailable"
    # The subject must still belong to the organisation that made the link (no moved case).
    if spec.organisation_of(link.subject_id) != link.organisation_id:
        return "unavailable"
    return None


def start_session(request: HttpRequest, link: SecureLink) -> None:
    """Swap the token for a short session that holds only the link id (a new session key)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "id": link.pk,
        "seen": timezone.now().timestamp(),
        "pin_ok": not link.has_pin,
    }
    if not request.user.is_authenticated:
        # The stored session outlives the link session a while, so a returning visitor is
        # told that the page closed rather than that the link is missing.
        request.session.set_expiry(2 * session_minutes() * 60)


def end_session(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def session_link(request: HttpRequest) -> tuple[SecureLink | None, str | None]:
    """The link of this session and None, or None and the reason it cannot be used."""
    state = request.session.get(SESSION_KEY)
    if not isinstance(state, dict) or "id" not in state:
        return None, "no_session"
    now = timezone.now().timestamp()
    if now - float(state.get("seen", 0)) > session_minutes() * 60:
        end_session(request)
        link = SecureLink.objects.filter(pk=state["id"]).first()
        return link, "session_expired"
    link = SecureLink.objects.filter(pk=state["id"]).first()
    if link is None:
        end_session(request)
        return None, "unknown"
    reason = link_refusal(link)
    if reason is not None:
        end_session(request)
        return link, reason
    state["seen"] = now
    request.session[SESSION_KEY] = state
    return link, None


def pin_confirmed(request: HttpRequest) -> bool:
    state = request.session.get(SESSION_KEY) or {}
    return bool(state.get("pin_ok"))


def confirm_pin(request: HttpRequest) -> None:
    request.session.cycle_key()
    state = dict(request.session.get(SESSION_KEY) or {})
    state["pin_ok"] = True
    request.session[SESSION_KEY] = state


def current_link(request: HttpRequest) -> SecureLink:
    """The link of a request inside a token route."""
    link = getattr(request, "secure_link", None)
    if not isinstance(link, SecureLink):
        raise Http404
    return link


def token_entry(view: View) -> View:
    """The route that takes the token itself: private headers and the TOKEN access class."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if "Referrer-Policy" not in response.headers:
            response = private(response, NO_REFERRER)
        return response

    return mark(wrapper, AccessClass.TOKEN)


@overload
def token_route(view: View, *, needs_pin: bool = True) -> View: ...


@overload
def token_route(view: None = None, *, needs_pin: bool = True) -> Callable[[View], View]: ...


def token_route(
    view: View | None = None, *, needs_pin: bool = True
) -> View | Callable[[View], View]:
    """A route reachable only inside a valid link session (else the friendly 404/410 page).

    The view gets the link as ``request.secure_link``; a PIN link first goes to the PIN page.
    Each answered request writes one LINK_USE row; an Http404 from the view is a refusal.
    """

    def decorator(inner: View) -> View:
        @wraps(inner)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            link, reason = session_link(request)
            if reason is not None or link is None:
                return refuse(request, reason or "unknown", link)
            if needs_pin and link.has_pin and not pin_confirmed(request):
                return private(redirect("involvement:pin"))
            request.secure_link = link  # type: ignore[attr-defined]
            try:
                response = inner(request, *args, **kwargs)
            except Http404:
                return refuse(request, "not_found", link)
            if not getattr(request, "involvement_logged", False):
                log_link(
                    request,
                    Action.LINK_USE,
                    link,
                    event=request.resolver_match.url_name if request.resolver_match else "",
                    method=request.method,
                    status=response.status_code,
                )
            return private(response)

        return mark(wrapper, AccessClass.TOKEN)

    if view is not None:
        return decorator(view)
    return decorator
