# SPDX-License-Identifier: MPL-2.0
"""matching: stored match runs over the whole national registry, through ``match_run_create``.

The lived municipalities' runs were made over the demo's registry before the national one was
added; here cases in matching in every municipality get a run over all the places (the first
builds the place index, the rest use it warm), as their caseworker would make it.
"""

from __future__ import annotations

from placematch.children.models import Case, CaseStatus
from placematch.core.national import NationalContext
from placematch.matching.adapter import RunOptions
from placematch.matching.services_runs import match_run_create

# Runs per municipality at full scale.
RUNS = 1


def load(nctx: NationalContext) -> None:
    per_municipality = max(1, round(RUNS * min(1.0, nctx.scale * 10)))
    for code, municipality in nctx.municipalities.items():
        caseworker = nctx.demo.users[(code, "caseworker")]
        cases = (
            Case.objects.filter(
                organisation=municipality, status=CaseStatus.MATCHING, assessments__isnull=False
            )
            .select_related("child", "organisation")
            .distinct()
            .order_by("-pk")[:per_municipality]
        )
        for case in cases:
            match_run_create(request=None, user=caseworker, case=case, options=RunOptions())
