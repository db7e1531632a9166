# SPDX-License-Identifier: MPL-2.0
"""Provider pages: the inquiries to our places, the child's profile at its stage, the answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.access import provider_route
from placematch.audit.services import log_child_list, log_child_read
from placematch.matching import selectors, services
from placematch.matching.forms import AnswerForm
from placematch.matching.models import InquiryStatus
from placematch.matching.profiles import age_band, stage1_profile, stage2_profile
from placematch.providers.selectors import own_provider


@provider_route()
def provider_inquiry_list(request: HttpRequest) -> HttpResponse:
    own_provider(request.user)  # a provider organisation without a registered provider: 404
    today = timezone.localdate()
    inquiries = selectors.mark_overdue(
        list(selectors.provider_inquiries(request.user).order_by("-sent_at", "-pk")[:200])
    )
    rows = [
        {
            "inquiry": i,
            # A withdrawn inquiry shows nothing about the child.
            "age_band": None
            if i.status == InquiryStatus.WITHDRAWN
            else age_band(i.case.child.age_on(today)),
        }
        for i in inquiries
    ]
    shown = sorted({i.case.child_id for i in inquiries if i.status != InquiryStatus.WITHDRAWN})
    if shown:
        log_child_list(request, shown)
    return render(
        request,
        "matching/inquiries/provider_list.html",
        {"rows": rows, "breadcrumbs": [(_("Inquiries from municipalities"), "")]},
    )


@provider_route()
def provider_inquiry(request: HttpRequest, pk: int) -> HttpResponse:
    """The inquiry as the place sees it; stage 2 only after a yes and the caseworker's choice."""
    inquiry = selectors.inquiry_for_provider(request.user, pk)
    form = AnswerForm(request.POST or None) if inquiry.awaits_answer else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This inquiry can no longer be answered."))
            return redirect("matching:provider_inquiry", pk=inquiry.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.inquiry_answer(
                    request=request,
                    user=request.user,  # type: ignore[arg-type]
                    inquiry=inquiry,
                    answer=data["answer"],
                    dimension_answers=form.dimension_answers(),
                    decline_reason=data["decline_reason"],
                    decline_text=data["decline_text"],
                    support_needed=data["support_needed"],
                    view=data["view"],
                )
            except services.InquiryError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Thank you. Your answer has been sent to the municipality.")
                )
                return redirect("matching:provider_inquiry", pk=inquiry.pk)
        status = 400
    selectors.mark_overdue([inquiry])
    withdrawn = inquiry.status == InquiryStatus.WITHDRAWN
    today = timezone.localdate()
    context: dict[str, Any] = {
        "inquiry": inquiry,
        "withdrawn": withdrawn,
        "form": form,
        "profile": None if withdrawn else stage1_profile(inquiry.case, today),
        "stage2": stage2_profile(inquiry.case, today) if inquiry.stage == 2 else None,
        "dimension_answers": list(inquiry.dimension_answers.all()),
        "breadcrumbs": [
            (_("Inquiries from municipalities"), reverse("matching:provider_inquiries")),
            (_("Inquiry %(number)s") % {"number": inquiry.pk}, ""),
        ],
    }
    if not withdrawn:
        # The place reading the profile is a read of the child's data, by the provider user.
        log_child_read(request, inquiry.case.child, obj=inquiry)
    return render(request, "matching/inquiries/provider_detail.html", context, status=status)
