# SPDX-License-Identifier: MPL-2.0
"""Caseworker and team-leader pages for inquiries: send from a case, follow, withdraw, proceed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role, User
from placematch.audit.services import log_child_list, log_child_read
from placematch.children.models import Case
from placematch.children.selectors import case_get
from placematch.core.idempotency import idempotent
from placematch.core.inputs import get_ids, ids_in
from placematch.matching import selectors, services
from placematch.matching.forms import SearchForm, SendForm, WithdrawForm
from placematch.matching.models import Inquiry
from placematch.matching.profiles import stage1_profile, stage2_profile

case_route = municipality_route(Role.CASEWORKER, Role.TEAM_LEADER)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _crumbs(case: Case, title: str) -> list[tuple[str, str]]:
    return [
        (_("Children and cases"), reverse("children:case_list")),
        (case.child.name, reverse("children:case_detail", args=[case.pk])),
        (title, ""),
    ]


@case_route
@idempotent
def case_inquiries(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's inquiries and the form that sends new ones to places chosen from the registry."""
    user = _user(request)
    case = case_get(user, pk)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    all_places = selectors.searchable_places(user)
    # Places chosen on the match page arrive ticked (?place=…); the search keeps them.
    picked = get_ids(request.GET, "place", limit=200)[:20]
    form = SendForm(request.POST or None, places=all_places, initial={"places": picked})
    status = 200
    if request.method == "POST":
        if not case.is_open:
            form.add_error(None, _("The case has ended, so no inquiries can be sent."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = services.inquiry_send(
                    request=request,
                    user=user,
                    case=case,
                    places=data["places"],
                    urgency=data["urgency"],
                    disclosure_basis=data["disclosure_basis"],
                    disclosure_note=data["disclosure_note"],
                    parents_informed_on=data["parents_informed_on"],
                    child_informed_on=data["child_informed_on"],
                )
            except services.InquiryError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The inquiry was sent to %(count)s place.",
                        "The inquiry was sent to %(count)s places.",
                        len(sent),
                    )
                    % {"count": len(sent)},
                )
                return redirect("matching:case_inquiries", pk=case.pk)
        status = 400
    chosen = {str(v) for v in form["places"].value() or []}
    shown = list(selectors.searchable_places(user, query)[: selectors.PLACE_SEARCH_LIMIT])
    # Keep ticked places on the page after a search or an error.
    shown_ids = {p.pk for p in shown}
    extra = [p for p in all_places.filter(pk__in=ids_in(chosen)) if p.pk not in shown_ids]
    inquiries = selectors.mark_overdue(list(selectors.inquiries_of_case(case)))
    log_child_read(request, case.child, obj=case)
    title = _("Inquiries to places")
    context: dict[str, Any] = {
        "case": case,
        "child": case.child,
        "title": title,
        "breadcrumbs": _crumbs(case, title),
        "form": form,
        "search": search,
        "query": query,
        "places": extra + shown,
        "chosen": chosen,
        "inquiries": inquiries,
        "open_count": selectors.open_inquiry_count(case),
        "limit": selectors.max_open_inquiries(),
        "profile": stage1_profile(case, timezone.localdate()),
        "working_days": settings.MATCHING_ANSWER_WORKING_DAYS,
        "acute_hours": settings.MATCHING_ACUTE_ANSWER_HOURS,
    }
    return render(request, "matching/inquiries/case_inquiries.html", context, status=status)


@case_route
def inquiry_list(request: HttpRequest) -> HttpResponse:
    """Open and overdue inquiries from the cases the user may see."""
    user = _user(request)
    inquiries = selectors.mark_overdue(
        list(selectors.municipal_inquiries(user).filter(status__in=["sent", "answered"])[:200])
    )
    log_child_list(request, sorted({i.case.child_id for i in inquiries}))
    return render(
        request,
        "matching/inquiries/list.html",
        {
            "inquiries": inquiries,
            "breadcrumbs": [(_("Inquiries to places"), "")],
        },
    )


def _detail_context(request: HttpRequest, inquiry: Inquiry) -> dict[str, Any]:
    selectors.mark_overdue([inquiry])
    case = inquiry.case
    today = timezone.localdate()
    title = _("Inquiry to %(place)s") % {"place": inquiry.place.name}
    crumbs = _crumbs(case, _("Inquiries to places"))
    crumbs[-1] = (crumbs[-1][0], reverse("matching:case_inquiries", args=[case.pk]))
    crumbs.append((inquiry.place.name, ""))
    return {
        "inquiry": inquiry,
        "case": case,
        "child": case.child,
        "title": title,
        "breadcrumbs": crumbs,
        "profile": stage1_profile(case, today),
        "stage2": stage2_profile(case, today) if inquiry.stage == 2 else None,
        "dimension_answers": list(inquiry.dimension_answers.all()),
        "withdraw_form": WithdrawForm(),
    }


@case_route
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.inquiry_for_caseworker(_user(request), pk)
    context = _detail_context(request, inquiry)
    log_child_read(request, inquiry.case.child, obj=inquiry)
    return render(request, "matching/inquiries/detail.html", context)


@case_route
def inquiry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    # The object check comes first, so another municipality's users get 404, never 405.
    inquiry = selectors.inquiry_for_caseworker(user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long: write at most 500 characters."))
        return redirect("matching:inquiry_detail", pk=inquiry.pk)
    try:
        services.inquiry_withdraw(
            request=request, user=user, inquiry=inquiry, reason=form.cleaned_data["reason"]
        )
    except services.InquiryError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The inquiry was withdrawn. The place no longer sees the profile.")
        )
    return redirect("matching:inquiry_detail", pk=inquiry.pk)


@case_route
def inquiry_proceed(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inquiry = selectors.inquiry_for_caseworker(user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.inquiry_proceed(request=request, user=user, inquiry=inquiry)
    except services.InquiryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The place can now see more about the child (stage 2)."))
    return redirect("matching:inquiry_detail", pk=inquiry.pk)
