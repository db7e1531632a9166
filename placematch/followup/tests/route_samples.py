# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: the preparation samples' decided case of the own
municipality (in the own team), moved: its placement record, a follow-up and the case's plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from placematch.followup import services
from placematch.followup.models import PlacementRecord
from placematch.followup.tests import route_samples_ending, route_samples_sides
from placematch.preparation.models import StartedKind, StartedPlacement
from placematch.preparation.tests.route_samples import _plan
from tests.route_matrix import SampleContext


def _record(ctx: SampleContext) -> PlacementRecord:
    if "followup_record" not in ctx.cache:
        plan = _plan(ctx)
        started = StartedPlacement.objects.create(
            organisation=plan.organisation, case=plan.case, plan=plan, place=plan.place,
            kind=StartedKind.NEW, started_on=timezone.localdate(),
        )  # fmt: skip
        ctx.cache["followup_record"] = services.record_open(started=started)
    record: PlacementRecord = ctx.cache["followup_record"]
    return record


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    "followup:case_followup": lambda ctx: {"pk": _record(ctx).case_id},
    "followup:plan_edit": lambda ctx: {"pk": _record(ctx).case_id},
    "followup:investigation_set": lambda ctx: {"pk": _record(ctx).pk},
    "followup:followup_add": lambda ctx: {"pk": _record(ctx).pk},
    "followup:visit_add": lambda ctx: {"pk": _record(ctx).pk},
    "followup:followup_hold": lambda ctx: {"pk": _record(ctx).followups.get().pk},
}
SAMPLES.update(route_samples_ending.samples(_record))
SAMPLES.update(route_samples_sides.samples(_record))
