# SPDX-License-Identifier: MPL-2.0
"""evaluation: the demo's export recipient: the national evaluation, in each municipality."""

from __future__ import annotations

from placematch.core.demo import DemoContext
from placematch.evaluation.models import ExportRecipient


def load(ctx: DemoContext) -> None:
    for municipality in ctx.municipalities.values():
        ExportRecipient.objects.create(
            organisation=municipality,
            name="Den nationale evaluering af matchmodellen",
            code="national-evaluation",
            agreement="Databehandleraftale om evalueringen (demo)",
        )
