# SPDX-License-Identifier: MPL-2.0
"""Non-disclosure (§ 105) on a case: its decisions, new ones, lifting, and texts to rewrite."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from placematch.children import disclosure, services_disclosure
from placematch.children.forms_disclosure import LiftForm, NonDisclosureForm
from placematch.children.views.common import acting_user, case_context, case_route, load_case
from placematch.core.idempotency import idempotent


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def non_disclosure(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's § 105 decisions; a POST records a new one or one that lifts a decision."""
    case = load_case(request, pk)
    user = acting_user(request)
    in_force = disclosure.decisions_in_force(case)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    people = case.child.persons.all()
    form = NonDisclosureForm(request.POST if action == "decide" else None, people=people)
    lift = LiftForm(request.POST if action == "lift" else None, decisions=in_force)
    bound = form if action == "decide" else lift if action == "lift" else None
    if bound is not None and bound.is_valid():
        try:
            if bound is form:
                services_disclosure.non_disclosure_decide(
                    actor=user, case=case, request=request, **form.cleaned_data
                )
            else:
                services_disclosure.non_disclosure_lift(
                    actor=user, case=case, request=request, **lift.cleaned_data
                )
        except ValidationError as error:
            bound.add_error(None, error)
        else:
            count = len(disclosure.texts_to_rewrite(case))
            if count:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d text for the parents names the place and must be rewritten.",
                        "%(count)d texts for the parents name the place and must be rewritten.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.success(request, _("The decision is recorded."))
            return redirect("children:non_disclosure", pk=case.pk)
    context = {
        **case_context(case, "non_disclosure", _("Non-disclosure (§ 105)")),
        "in_force": list(in_force),
        "decisions": list(case.non_disclosures.select_related("lifts", "created_by")
                          .prefetch_related("persons")),
        "to_rewrite": disclosure.texts_to_rewrite(case),
        "form": form,
        "lift": lift,
        "lift_for": lift.data.get("decision", "") if action == "lift" else "",
    }  # fmt: skip
    status = 400 if bound is not None and bound.errors else 200
    return render(request, "children/non_disclosure.html", context, status=status)
