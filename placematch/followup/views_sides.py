# SPDX-License-Identifier: MPL-2.0
"""followup: the placement's and the family-care consultant's pages after the move.

The placement (the provider's staff) sees its own placements minimised as in the inquiries:
the child's first name and age, the start date, the follow-up dates and the survey points with
whether the placement has answered; before the next follow-up it can send a short status (the
placement's questionnaire, signed in). Never the case, the plan's texts, the parents or what
the child or the parents said.

The family-care consultant sees, for the foster families their municipality is responsible
for, the supervision visits (dates, and whether the child was talked to alone) and the support
promised at the match; never the visit's notes or the child's words.

Each page about a placement logs the read of the child's data; each list logs the children it
names. Another provider's or municipality's placement is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_safe

from matchengine.vocab import PlaceForm
from placematch.accounts.access import municipality_route, provider_route
from placematch.accounts.models import Role
from placematch.audit.services import log_child_list, log_child_read
from placematch.children.models import CaseStatus
from placematch.children.views.common import acting_user
from placematch.core.idempotency import idempotent
from placematch.core.navigation import NavItem
from placematch.core.navigation import register as register_nav
from placematch.followup import rules, rules_voice, services_voice
from placematch.followup.link_views import questions_for
from placematch.followup.models import PlacementRecord
from placematch.followup.models_voice import Occasion, Respondent, Via, VoiceRating
from placematch.followup.services_voice import ItemInput
from placematch.providers.selectors import own_provider

consultant_route = municipality_route(Role.FAMILY_CARE_CONSULTANT)


def provider_records(user: Any) -> QuerySet[PlacementRecord]:
    """Placements at places of the user's own provider, while the case is not ended."""
    if not getattr(user, "is_provider_user", False) or user.organisation_id is None:
        return PlacementRecord.objects.none()
    return (
        PlacementRecord.objects.filter(place__provider__organisation_id=user.organisation_id)
        .exclude(case__status=CaseStatus.ENDED)
        .select_related("case__child", "place")
        .order_by("-started_on", "pk")
    )


def consultant_records(user: Any) -> QuerySet[PlacementRecord]:
    """Placements in foster families the consultant's municipality is responsible for; the
    child may be placed by any municipality."""
    if not (
        getattr(user, "is_municipal", False)
        and getattr(user, "role", "") == Role.FAMILY_CARE_CONSULTANT
        and user.organisation_id is not None
    ):
        return PlacementRecord.objects.none()
    return (
        PlacementRecord.objects.filter(
            place__provider__form=PlaceForm.FOSTER_FAMILY.value,
            place__provider__responsible_municipality_id=user.organisation_id,
        )
        .exclude(case__status=CaseStatus.ENDED)
        .select_related("case__child", "place__provider")
        .prefetch_related("visits")
        .order_by("-started_on", "pk")
    )


def _one(records: QuerySet[PlacementRecord], pk: int) -> PlacementRecord:
    record = records.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _minimal(record: PlacementRecord) -> dict[str, Any]:
    child = record.case.child
    return {
        "record": record,
        "first_name": child.first_name,
        "age": child.age_on(timezone.localdate()),
    }


# -- the placement -----------------------------------------------------------------------------


@provider_route()
@require_safe
def provider_list(request: HttpRequest) -> HttpResponse:
    own_provider(request.user)  # a provider organisation without a registered provider: 404
    records = list(provider_records(acting_user(request)))
    log_child_list(request, [r.case.child_id for r in records])
    rows = [{**_minimal(r), "next": services_voice.next_followup(r)} for r in records]
    return render(request, "followup/provider_list.html", {"rows": rows})


@provider_route()
@require_http_methods(["GET", "POST"])
@idempotent
def provider_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement's page: dates, surveys and the short status before the next follow-up."""
    user = acting_user(request)
    record = _one(provider_records(user), pk)
    log_child_read(request, record.case.child, obj=record)
    key = services_voice.respondent_key(Respondent.PLACEMENT)
    status_for = services_voice.check_to_answer(record, key)
    found = (
        questions_for(record, Occasion.CHECK, Respondent.PLACEMENT, record.case.child.first_name)
        if status_for
        else []
    )
    errors: dict[str, str] = {}
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        items = [
            ItemInput(q.code, posted.get(f"q{i}-rating", ""), posted.get(f"q{i}-text", ""))
            for i, q in enumerate(found)
        ]
        try:
            services_voice.voice_save(
                record=record, occasion=Occasion.CHECK, respondent=Respondent.PLACEMENT,
                items=items, comment=posted.get("comment", ""), via=Via.ACCOUNT, actor=user,
                request=request,
            )  # fmt: skip
        except ValidationError as problem:
            if hasattr(problem, "error_dict"):
                errors = {k: v[0] for k, v in problem.message_dict.items()}
            else:
                errors = {"__all__": problem.messages[0]}
        else:
            messages.success(request, _("Your status was sent to the caseworker."))
            return redirect("followup:provider_record", pk=record.pk)
    answered = {
        a.survey_month for a in record.voices.filter(occasion=Occasion.SURVEY, respondent_key=key)
    }
    today = timezone.localdate()
    surveys = [
        (p, p.month in answered, p.is_open(today))
        for p in rules_voice.survey_points(record.started_on)
    ]
    rows = [
        {
            "index": i, "question": q, "error": errors.get(q.code, ""),
            "rating": posted.get(f"q{i}-rating", ""), "text": posted.get(f"q{i}-text", ""),
        }
        for i, q in enumerate(found)
    ]  # fmt: skip
    context = {
        **_minimal(record),
        "followups": list(record.followups.order_by("due_on", "pk")),
        "status_for": status_for,
        "sent": record.voices.filter(occasion=Occasion.CHECK, respondent_key=key)
        .select_related("followup")
        .order_by("-answered_at"),
        "surveys": surveys,
        "rows": rows,
        "errors": errors,
        "general_error": errors.get("__all__", ""),
        "choices": VoiceRating.choices,
        "comment": posted.get("comment", ""),
    }
    return render(request, "followup/provider_record.html", context, status=400 if errors else 200)


# -- the family-care consultant ----------------------------------------------------------------


@consultant_route
@require_safe
def consultant_list(request: HttpRequest) -> HttpResponse:
    records = list(consultant_records(acting_user(request)))
    log_child_list(request, [r.case.child_id for r in records])
    rows = []
    for record in records:
        visits = [v.visited_on for v in record.visits.all()]
        rows.append(
            {
                **_minimal(record),
                "last_visit": max(visits) if visits else None,
                "next_visit": rules.next_visit_due(record.started_on, visits),
            }
        )
    return render(request, "followup/consultant_list.html", {"rows": rows})


@consultant_route
@require_safe
def consultant_record(request: HttpRequest, pk: int) -> HttpResponse:
    record = _one(consultant_records(acting_user(request)), pk)
    log_child_read(request, record.case.child, obj=record)
    visits = sorted(record.visits.all(), key=lambda v: (v.visited_on, v.pk), reverse=True)
    context = {
        **_minimal(record),
        "family": record.place.provider,
        "visits": visits,
        "next_visit": rules.next_visit_due(record.started_on, [v.visited_on for v in visits]),
        "promised": list(record.promised_support.all()),
    }
    return render(request, "followup/consultant_record.html", context)


@register_nav("followup_sides")
def menu(request: HttpRequest) -> list[NavItem]:
    """The placement's and the consultant's menu item for the placements they follow."""
    user = request.user
    if getattr(user, "is_provider_user", False):
        url = reverse("followup:provider_list")
        return [NavItem(pgettext("main menu", "Placements"), url, order=12)]
    if getattr(user, "is_municipal", False) and getattr(user, "role", "") == (
        Role.FAMILY_CARE_CONSULTANT
    ):
        url = reverse("followup:consultant_list")
        return [NavItem(pgettext("main menu", "Placed in families"), url, order=43)]
    return []
