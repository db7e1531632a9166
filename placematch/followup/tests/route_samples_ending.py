# SPDX-License-Identifier: MPL-2.0
"""Route parameters of the ending, breakdown, next-case and support-check forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from placematch.followup.models import PromisedSupport, SupportSource
from tests.route_matrix import SampleContext


def _promised(ctx: SampleContext, record: Any) -> PromisedSupport:
    found = record.promised_support.first()
    if found is None:
        found = PromisedSupport.objects.create(
            record=record, source=SupportSource.PLACE, text="Ekstra timer til skolen"
        )
    return found


def samples(record: Callable[[SampleContext], Any]) -> dict[str, Callable[..., dict[str, Any]]]:
    """The samples, given the follow-up samples' placement record."""
    return {
        "followup:placement_end": lambda ctx: {"pk": record(ctx).pk},
        "followup:breakdown_add": lambda ctx: {"pk": record(ctx).pk},
        "followup:next_case_add": lambda ctx: {"pk": record(ctx).pk},
        "followup:support_check_add": lambda ctx: {"pk": _promised(ctx, record(ctx)).pk},
    }
