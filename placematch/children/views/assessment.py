# SPDX-License-Identifier: MPL-2.0
"""The assessment form (a new version each time) and the versions with their differences."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from matchengine.vocab import Dimension, NeedTag, SupportLevel
from placematch.children import selectors, services
from placematch.children.diff import assessment_diff
from placematch.children.forms import AssessmentForm, ObservationFormSet
from placematch.children.views.common import acting_user, case_context, case_route, load_case
from placematch.core.concurrency import StaleEditError
from placematch.core.inputs import INT_MAX, get_int


@case_route
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data)
    observations = ObservationFormSet(data, prefix="obs")
    if data is None:
        # A new version starts from the latest one, and remembers which one it was built on.
        latest = selectors.latest_assessment(case)
        if latest is not None:
            form.initial.update(form.values_from(latest), note="")
        form.load(latest, version=latest.version if latest else 0)
    if request.method == "POST" and form.is_valid() and observations.is_valid():
        cleaned = form.cleaned_data
        needs = [
            services.NeedInput(
                Dimension(d.value),
                SupportLevel(cleaned[f"level_{d.value}"]),
                cleaned[f"note_{d.value}"],
            )
            for d in Dimension
        ]
        rows = [
            services.ObservationInput(
                o["source"], o["observed_on"], o["text"], o.get("dimension", "")
            )
            for o in observations.cleaned_data
            if o and (o.get("text") or "").strip()
        ]
        try:
            with transaction.atomic():
                saved = services.assessment_create(
                    actor=acting_user(request), case=case, needs=needs, observations=rows,
                    resources=cleaned["resources"],
                    need_tags=[NeedTag(t) for t in cleaned["need_tags"]],
                    family_background=cleaned["family_background"],
                    housing_employment_finances=cleaned["housing_employment_finances"],
                    social_network=cleaned["social_network"], note=cleaned["note"],
                    expected_version=form.expected_version(), request=request,
                )  # fmt: skip
        except StaleEditError as stale:
            form.refuse(stale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(n)s of the assessment is saved.") % {"n": saved.version},
            )
            return redirect("children:assessment_history", pk=case.pk)
    context = {
        **case_context(case, "assessment", _("New assessment version")),
        "form": form,
        "observations": observations,
    }
    status = 400 if form.errors or observations.total_error_count() else 200
    return render(request, "children/assessment_form.html", context, status=status)


@case_route
@require_safe
def assessment_history(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    versions = list(selectors.assessment_versions(case))
    by_number = {a.version: a for a in versions}
    newest = versions[0].version if versions else 0

    def number(name: str, default: int) -> int:
        value = get_int(request.GET, name, default=default, low=1, high=INT_MAX)
        return value if value in by_number else default

    new = number("new", newest)
    old = number("old", new - 1 if new - 1 in by_number else new)
    changes = assessment_diff(by_number[old], by_number[new]) if versions and old != new else []
    context = {
        **case_context(case, "history", _("Assessment versions")),
        "versions": versions,
        "old": by_number.get(old),
        "new": by_number.get(new),
        "changes": changes,
    }
    partial = getattr(request, "htmx", False)
    template = (
        "children/includes/assessment_diff.html" if partial else "children/assessment_history.html"
    )
    return render(request, template, context)
