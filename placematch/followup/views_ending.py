# SPDX-License-Identifier: MPL-2.0
"""followup: the case tab's ending, breakdown, next-case and support-check forms.

Each page loads the case through ``children.views.common.load_case`` (404 unless the user may
see it, one access-log row for the read); a refused form shows the case tab again with the
messages on their fields and status 400.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from placematch.children.models import Case, CaseStatus
from placematch.children.views.common import acting_user, load_case
from placematch.core.concurrency import apply_service
from placematch.core.idempotency import idempotent
from placematch.followup import services_ending
from placematch.followup.access import case_route
from placematch.followup.forms_ending import (
    BreakdownForm,
    EndingForm,
    NextCaseForm,
    SupportCheckForm,
)
from placematch.followup.models import PlacementRecord, PromisedSupport
from placematch.followup.models_ending import Breakdown, NextCase, NextStep, PlacementEnding
from placematch.followup.services_ending import OpenGap, SupportLine, SupportState


@dataclass(frozen=True)
class SupportRow:
    state: SupportState
    form: SupportCheckForm


@dataclass(frozen=True)
class EarlierPlacement:
    """A placement of the same child before this case, and what was learned from it."""

    record: PlacementRecord
    ending: PlacementEnding | None
    breakdown: Breakdown | None
    gaps: list[OpenGap] = field(default_factory=list)
    support: list[SupportLine] = field(default_factory=list)

    @property
    def missing_support(self) -> list[SupportLine]:
        return [s for s in self.support if not s.arrived]


def _support_form(state: SupportState, data: Any = None) -> SupportCheckForm:
    form = SupportCheckForm(
        data, prefix=f"support-{state.promised.pk}",
        initial={"checked_on": timezone.localdate()},
    )  # fmt: skip
    form.load(state.latest, version=state.latest.number if state.latest else 0)
    return form


def _earlier(case: Case) -> list[EarlierPlacement]:
    records = (
        PlacementRecord.objects.filter(case__child_id=case.child_id)
        .exclude(case=case)
        .select_related("place", "ending__breakdown")
        .order_by("-started_on", "-pk")
    )
    found = []
    for record in records:
        ending = getattr(record, "ending", None)
        breakdown = getattr(ending, "breakdown", None) if ending is not None else None
        found.append(
            EarlierPlacement(
                record=record,
                ending=ending,
                breakdown=breakdown,
                gaps=services_ending.breakdown_gaps(breakdown) if breakdown else [],
                support=services_ending.breakdown_support(breakdown) if breakdown else [],
            )
        )
    return found


def ending_context(
    case: Case, record: PlacementRecord | None, given: dict[str, Any]
) -> dict[str, Any]:
    """What the case tab shows about support delivered, the ending and earlier placements."""
    context: dict[str, Any] = {
        "earlier": _earlier(case),
        "came_from": NextCase.objects.filter(case=case).select_related("record__place").first(),
    }
    if record is None:
        return context
    ending = PlacementEnding.objects.filter(record=record).first()
    breakdown = Breakdown.objects.filter(ending=ending).first() if ending else None
    given_support: dict[int, SupportCheckForm] = given.get("support_forms", {})
    context.update(
        ending=ending,
        breakdown=breakdown,
        open_gaps=services_ending.open_gaps(record),
        support_rows=[
            SupportRow(state, given_support.get(state.promised.pk) or _support_form(state))
            for state in services_ending.support_states(record)
        ],
        next_cases=list(record.next_cases.select_related("case")),
    )
    if ending is None and case.status == CaseStatus.PLACED:
        context.update(
            ending_form=given.get("ending_form") or EndingForm(),
            breakdown_form=given.get("breakdown_form")
            or BreakdownForm(initial={"broke_on": timezone.localdate()}),
        )
        if not context["next_cases"]:
            context["next_form"] = given.get("next_form") or NextCaseForm(
                initial={"step": NextStep.CHANGE.value}
            )
    elif not case.child.cases.exclude(status=CaseStatus.ENDED).exists():
        # The child went home and nothing is open: a re-placement can be started from here.
        context["next_form"] = given.get("next_form") or NextCaseForm(
            initial={"step": NextStep.RE_PLACEMENT.value}
        )
    return context


def _record_for(request: HttpRequest, pk: int) -> PlacementRecord:
    record = get_object_or_404(PlacementRecord.objects.select_related("place"), pk=pk)
    record.case = load_case(request, record.case_id)
    return record


def _again(request: HttpRequest, case: Case, **given: Any) -> HttpResponse:
    from placematch.followup.views import _page  # the case tab, shared with the other forms

    return _page(request, case, 400, **given)


def _done(request: HttpRequest, case_id: int, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("followup:case_followup", args=[case_id]) + f"#{anchor}")


@case_route
@require_POST
def support_check_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a check of one promised support (a new version)."""
    promised = get_object_or_404(PromisedSupport, pk=pk)
    record = _record_for(request, promised.record_id)
    promised.record = record
    form = SupportCheckForm(request.POST, prefix=f"support-{promised.pk}")
    saved = apply_service(
        form,
        lambda d: services_ending.support_check(
            actor=acting_user(request), promised=promised, in_place=d["in_place"],
            since=d["since"], enough=d["enough"], checked_on=d["checked_on"], note=d["note"],
            expected_version=form.expected_version(), request=request,
        ),
    )  # fmt: skip
    if saved:
        return _done(request, record.case_id, _("The check of the support was saved."), "support-h")
    return _again(request, record.case, support_forms={promised.pk: form})


@case_route
@require_POST
@idempotent
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End the placement as planned: going home or at 18."""
    record = _record_for(request, pk)
    form = EndingForm(request.POST)
    saved = apply_service(
        form,
        lambda _d: services_ending.placement_end(
            actor=acting_user(request), record=record, data=form.ending(), request=request
        ),
    )
    if saved:
        return _done(request, record.case_id, _("The placement was ended."), "ending-h")
    return _again(request, record.case, ending_form=form)


@case_route
@require_POST
@idempotent
def breakdown_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a breakdown; the case that comes next opens on its follow-up tab."""
    record = _record_for(request, pk)
    form = BreakdownForm(request.POST)
    saved = apply_service(
        form,
        lambda _d: services_ending.breakdown_register(
            actor=acting_user(request), record=record, data=form.breakdown(), request=request
        ),
    )
    if not saved:
        return _again(request, record.case, breakdown_form=form)
    link = NextCase.objects.filter(record=record).select_related("case").last()
    if link is not None:
        return _done(
            request, link.case_id,
            _("The breakdown was registered and a new case was started for the child."),
            "earlier-h",
        )  # fmt: skip
    return _done(request, record.case_id, _("The breakdown was registered."), "ending-h")


@case_route
@require_POST
@idempotent
def next_case_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a change of placement (the child stays placed) or a re-placement."""
    record = _record_for(request, pk)
    form = NextCaseForm(request.POST)
    made: list[Case] = []
    saved = apply_service(
        form,
        lambda d: made.append(
            services_ending.next_case_start(
                actor=acting_user(request), record=record, step=d["step"], reason=d["reason"],
                request=request,
            )
        ),
    )  # fmt: skip
    if not saved:
        return _again(request, record.case, next_form=form)
    return _done(request, made[0].pk, _("A new case was started for the child."), "earlier-h")
