# SPDX-License-Identifier: MPL-2.0
"""involvement: thin views: the link's entry, PIN and form pages, and the caseworker's side."""

from __future__ import annotations

import segno
from django.contrib import messages as flash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role, User
from placematch.audit.models import Action
from placematch.core.idempotency import idempotent, replay_at
from placematch.involvement import registry, selectors, services
from placematch.involvement.access import (
    confirm_pin,
    current_link,
    for_child,
    link_refusal,
    log_link,
    pin_confirmed,
    private,
    rate_limited,
    record_failure,
    refuse,
    start_session,
    token_entry,
    token_route,
)
from placematch.involvement.delivery import BY_HAND, SCREEN, LinkDelivery
from placematch.involvement.forms import IssueForm, PinForm
from placematch.involvement.models import MAX_PIN_ATTEMPTS
from placematch.involvement.services import TOKEN_PATTERN

CASE_ROLES = (Role.CASEWORKER, Role.TEAM_LEADER)


# -- the recipient's side (token routes) --------------------------------------------------


@token_entry
@require_safe
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """Swap the token for a link session and leave the token's address at once."""
    if rate_limited(request, "token"):
        return refuse(request, "rate_limited")
    link = selectors.link_by_token(token)
    if link is None:
        record_failure(request, "token")
        return refuse(request, "unknown" if TOKEN_PATTERN.match(token) else "tampered")
    reason = link_refusal(link)
    if reason is not None:
        return refuse(request, reason, link)
    start_session(request, link)
    services.link_mark_opened(link=link)
    log_link(request, Action.LINK_USE, link, event="open")
    return redirect("involvement:pin" if link.has_pin else "involvement:form")


def _link_scope(request: HttpRequest) -> str:
    """Submission keys on a link's form belong to the link, not to a user."""
    return f"link:{current_link(request).pk}"


@token_route
@idempotent(scope=_link_scope)
def form_page(request: HttpRequest, step: str = "") -> HttpResponse:
    """The one form this link opens, rendered by the app that registered it."""
    link = current_link(request)
    spec = registry.get(link.form_key)
    if spec.paused(link):
        # Neither a refusal nor an error: the link works again once the caseworker is done.
        return render(request, "involvement/paused.html")
    return spec.view(request, link, step)


@token_route(needs_pin=False)
@require_http_methods(["GET", "POST"])
def pin_page(request: HttpRequest) -> HttpResponse:
    link = current_link(request)
    if not link.has_pin or pin_confirmed(request):
        return redirect("involvement:form")
    form = PinForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "pin"):
            return refuse(request, "rate_limited", link)
        if form.is_valid():
            if services.link_check_pin(link=link, pin=form.cleaned_data["pin"]):
                confirm_pin(request)
                return redirect("involvement:form")
            record_failure(request, "pin")
            if link.is_locked:
                return refuse(request, "locked", link)
            log_link(request, Action.LINK_REJECTED, link, reason="wrong_pin")
            request.involvement_logged = True  # type: ignore[attr-defined]
            left = MAX_PIN_ATTEMPTS - link.failed_pin_attempts
            form.add_error(
                "pin",
                _("The code is not right. You can try %(left)s more times.") % {"left": left},
            )
    status = 400 if form.errors else 200
    context = {"form": form, "for_child": for_child(link)}
    return render(request, "involvement/pin.html", context, status=status)


# -- the caseworker's side ----------------------------------------------------------------


def _next_url(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would try to read a bare word as a URL name.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@municipality_route(*CASE_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
# "Send a new link" again is how a lost link is replaced, so only the key guards this form.
@idempotent(same_content=False)
def issue(request: HttpRequest, form_key: str, subject_id: str) -> HttpResponse:
    """GET: choose recipient and PIN. POST: make the link and show the handover page once."""
    user = _user(request)
    if not selectors.can_manage(user, form_key, subject_id):
        raise Http404
    spec = registry.get(form_key)
    back = _next_url(request, reverse("accounts:dashboard"))
    context: dict[str, object] = {"spec": spec, "back": back}
    if request.method == "GET":
        initial = {k: request.GET.get(k, "") for k in ("person_id", "recipient_label")}
        context["form"] = IssueForm(initial={**initial, "next": back})
        return render(request, "involvement/issue.html", context)
    form = IssueForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return render(request, "involvement/issue.html", context, status=400)
    if not spec.accepts_person(subject_id, form.cleaned_data["person_id"]):
        # Not one of the subject's own people (e.g. a person of another municipality).
        raise Http404
    delivery = _delivery(request, form)
    link, token = services.link_issue(
        actor=user,
        form_key=form_key,
        subject_id=subject_id,
        person_id=form.cleaned_data["person_id"],
        recipient_label=form.cleaned_data["recipient_label"],
        pin=form.cleaned_data["pin"] or None,
        delivery=delivery,
        request=request,
    )
    if delivery is not None:
        # Sent, not shown: the token never appears on the caseworker's screen.
        replay_at(request, back)
        flash.success(request, _sent_notice(delivery, link.has_pin))
        return redirect(back)
    # The handover page shows the token once; a repeat is sent to the link's page instead.
    detail = reverse("involvement:link_detail", args=[link.pk])
    replay_at(request, f"{detail}?{urlencode({'next': back})}")
    url = request.build_absolute_uri(reverse("involvement:open", args=[token]))
    qr = segno.make(url, error="m")
    context = {
        "link": link,
        "spec": spec,
        "url": url,
        "qr_svg": qr.svg_inline(scale=5, dark="#000000", light="#ffffff", omitsize=True),
        "back": back,
        "contact": user.get_full_name() or user.get_username(),
    }
    # The token is in this page only: never cached, never sent on as a Referer.
    return private(render(request, "involvement/handover.html", context))


def _delivery(request: HttpRequest, form: IssueForm) -> LinkDelivery | None:
    channel = form.cleaned_data["channel"]
    if channel == SCREEN:
        return None
    pin_channel = form.cleaned_data["pin_channel"]
    return LinkDelivery(
        channel=channel,
        address=form.address_for(channel),
        open_url=lambda token: request.build_absolute_uri(
            reverse("involvement:open", args=[token])
        ),
        pin_channel=pin_channel,
        pin_address="" if pin_channel == BY_HAND else form.address_for(pin_channel),
    )


def _sent_notice(delivery: LinkDelivery, has_pin: bool) -> str:
    text = (
        _("The link is on its way by e-mail to %(address)s.")
        if delivery.channel == "email"
        else _("The link is on its way by SMS to %(address)s.")
    ) % {"address": delivery.address}
    if has_pin and delivery.pin_channel == BY_HAND:
        text += " " + _("Give the PIN to the recipient yourself.")
    elif has_pin:
        text += " " + _("The PIN goes in a message of its own.")
    return text + " " + _("Under Messages on the case you see whether it arrived.")


@municipality_route(*CASE_ROLES)
@require_safe
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.link_for_manager(user=_user(request), pk=pk)
    spec = registry.get(link.form_key)
    back = _next_url(request, reverse("accounts:dashboard"))
    context = {
        "link": link,
        "link_list": [link],
        "spec": spec,
        "back": back,
        "here": request.get_full_path(),
        "breadcrumbs": [(_("Overview"), reverse("accounts:dashboard")), (_("Secure link"), "")],
    }
    return render(request, "involvement/link_detail.html", context)


@municipality_route(*CASE_ROLES)
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    link = selectors.link_for_manager(user=user, pk=pk)
    services.link_revoke(actor=user, link=link, request=request)
    return redirect(_next_url(request, reverse("involvement:link_detail", args=[link.pk])))
