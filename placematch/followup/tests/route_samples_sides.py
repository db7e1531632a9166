# SPDX-License-Identifier: MPL-2.0
"""Route parameters of the placement's and the consultant's follow-up pages: the shared record
(a place of ctx.provider_org) and one in a foster family the own municipality is responsible
for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from placematch.followup import services
from placematch.followup.models import PlacementRecord
from placematch.preparation.models import StartedKind, StartedPlacement
from placematch.preparation.tests.route_samples import _family_plan
from tests.route_matrix import SampleContext

Sample = Callable[[SampleContext], dict[str, Any]]


def _family_record(ctx: SampleContext) -> PlacementRecord:
    if "followup_family_record" not in ctx.cache:
        plan = _family_plan(ctx)
        started = StartedPlacement.objects.create(
            organisation=plan.organisation, case=plan.case, plan=plan, place=plan.place,
            kind=StartedKind.NEW, started_on=timezone.localdate(),
        )  # fmt: skip
        ctx.cache["followup_family_record"] = services.record_open(started=started)
    record: PlacementRecord = ctx.cache["followup_family_record"]
    return record


def samples(record: Callable[[SampleContext], PlacementRecord]) -> dict[str, Sample]:
    return {
        "followup:provider_record": lambda ctx: {"pk": record(ctx).pk},
        "followup:consultant_record": lambda ctx: {"pk": _family_record(ctx).pk},
    }
