# SPDX-License-Identifier: MPL-2.0
"""evaluation: rows made without the database, for the statistics' tests and the bench."""

from __future__ import annotations

import dataclasses
import datetime
import random
from typing import Any

from placematch.evaluation.dataset import PlacementRow, age_band

BASE = PlacementRow(
    record_id=0, organisation_id=1, child_id=0, case_id=0,
    started_on=datetime.date(2024, 3, 1), start_year=2024, start_month="2024-03", kind="new",
    age_at_start=9, age_band="6-11", under_18=True, sex="girl", disability=False,
    place_type="foster_family_general", case_kind="first_placement", legal_basis="s46_consent",
    high_needs=1, open_needs=0, support_promised=0, support_arrived=None, wishes_met=True,
    engine_rank=1, engine_score=80.0, top3=True, ending_kind="", ended_on=None, breakdown=False,
    breakdown_on=None, observed_days=400, censored=True, caseworker_ids=(1,),
    child_conversation=True, parents_views=True, match_meeting=True, inquiries_sent=2,
    inquiries_on_time=2, preparation_steps=True, feedback_answered=True, plan_on_time=True,
    followups_due=2, followups_on_time=2, visits=2, visits_talked_alone=1,
)  # fmt: skip


def row(n: int = 0, **changes: Any) -> PlacementRow:
    started: datetime.date = changes.get("started_on", BASE.started_on)
    age = changes.get("age_at_start", BASE.age_at_start)
    fields: dict[str, Any] = {
        "record_id": n, "child_id": n, "case_id": n, "start_year": started.year,
        "start_month": f"{started:%Y-%m}", "age_band": age_band(age), "under_18": age < 18,
    }  # fmt: skip
    fields.update(changes)
    if fields.get("breakdown"):
        fields.setdefault("censored", False)
        fields.setdefault("ending_kind", "breakdown")
    return dataclasses.replace(BASE, **fields)


KINDS = ("new", "change", "re_placement")
PLACE_TYPES = ("foster_family_general", "foster_family_reinforced", "residential_institution")


def fabricate(count: int, *, years: int = 10, seed: int = 3) -> list[PlacementRow]:
    """Rows like a country's: starts over ``years``, a breakdown risk falling with the score."""
    rng = random.Random(seed)  # noqa: S311 - fictitious figures, not secrets
    today = datetime.date(2026, 1, 1)
    rows = []
    for n in range(count):
        started = today - datetime.timedelta(days=rng.randrange(years * 365))
        score = rng.uniform(10, 110)
        risk = 0.35 - score / 500
        breakdown = rng.random() < risk
        span = (today - started).days
        days = rng.randrange(1, 700) if breakdown else rng.randrange(0, max(span, 1))
        rows.append(
            row(
                n,
                started_on=started,
                kind=rng.choice(KINDS),
                age_at_start=rng.randrange(0, 18),
                sex=rng.choice(("girl", "boy")),
                disability=rng.random() < 0.1,
                place_type=rng.choice(PLACE_TYPES),
                high_needs=rng.randrange(0, 5),
                engine_score=score,
                engine_rank=rng.randrange(1, 10),
                breakdown=breakdown,
                observed_days=min(days, span),
                top3=rng.random() < 0.6,
            )
        )
    return rows
