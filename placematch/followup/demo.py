# SPDX-License-Identifier: MPL-2.0
"""followup: a child's plan, a follow-up and a supervision visit for the demo's moved children.

The preparation demo moves some children today, and the move opened their placement records.
Each of the first few gets a child's plan with goals on the two dimensions where the assessed
need is highest; the first of them also has its first follow-up held and a supervision visit,
all through the services a caseworker uses.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from matchengine.vocab import SUPPORT_LEVEL_RANK, SupportLevel
from placematch.children.selectors import latest_assessment
from placematch.core.demo import DemoContext
from placematch.followup import services
from placematch.followup.models import FollowUp, PlacementRecord

PLANS = 3
GOALS = {
    "health": "Går til tandlæge og læge, når det er aftalt",
    "development_behaviour": "Kan sige fra med ord i stedet for at slå",
    "schooling": "Går i skole hver dag og laver lektier med hjælp",
    "leisure_friendships": "Har en fast fritidsaktivitet og en ven at ses med",
    "safe_care": "Sover godt og ved, hvem der henter",
    "stimulation_guidance": "Følger faste rutiner morgen og aften",
    "relationships_support": "Ser sine forældre som aftalt i samværsplanen",
}
CHILD_GOALS = ("Jeg vil gerne gå til fodbold", "Jeg vil have en ven i klassen")


def _one_lower(level: str) -> str:
    rank = SUPPORT_LEVEL_RANK.get(SupportLevel(level), 2)
    return next(lvl.value for lvl, r in SUPPORT_LEVEL_RANK.items() if r == max(0, rank - 1))


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    records = PlacementRecord.objects.select_related("case__child").order_by("pk")[:PLANS]
    for number, record in enumerate(records):
        code = next(c for c, org in ctx.municipalities.items() if org.pk == record.organisation_id)
        caseworker = ctx.users[(code, "caseworker")]
        assessment = latest_assessment(record.case)
        levels = assessment.levels() if assessment is not None else {}
        ranked = sorted(
            GOALS,
            key=lambda d: -SUPPORT_LEVEL_RANK.get(SupportLevel(levels.get(d, "moderate")), 0),
        )
        goals = [
            services.GoalInput(
                dimension=code,
                target_level=_one_lower(levels.get(code, "moderate")),
                target_date=today + timedelta(days=180),
                goal=GOALS[code],
                measures="Ugentlig samtale med kontaktpersonen",
            )
            for code in ranked[:2]
        ]
        services.plan_version_create(
            actor=caseworker, case=record.case, made_on=today, goals=goals,
            child_goals=ctx.rng.choice(CHILD_GOALS),
            family_support="Forældrene får en familiebehandler hver anden uge.",
        )  # fmt: skip
        if number:
            continue
        services.followup_hold(
            actor=caseworker, followup=FollowUp.objects.get(record=record, kind="first"),
            held_on=today, notes="En god start. Barnet er faldet godt til.",
            progress=[services.ProgressInput(dimension=g.dimension, level=g.target_level)
                      for g in goals],
        )  # fmt: skip
        services.followup_schedule(
            actor=caseworker, record=record, due_on=today + timedelta(days=90),
            reason="Efter tre måneder i skolen",
        )  # fmt: skip
        services.visit_record(
            actor=caseworker, record=record, visited_on=today,
            present="Sagsbehandler, barnet og plejemor", talked_alone=True,
            notes="Barnet viste sit værelse og talte om skolen.",
        )  # fmt: skip
