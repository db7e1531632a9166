# SPDX-License-Identifier: MPL-2.0
"""The demo data as a visitor meets it: every stage of the course, with real decisions behind it,
and three years of placements after the move. It loads every app's demo, so it lives here."""

from __future__ import annotations

from collections import Counter
from importlib import import_module

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from placematch.children.models import Case, CaseStatus
from placematch.core.demo import DemoContext
from placematch.core.management.commands.demo_data import DEMO_APPS
from placematch.decisions.models import Decision, DecisionKind, DecisionStatus
from placematch.decisions.selectors import current_decision
from placematch.followup.models import FollowUp, PlacementRecord, SupervisionVisit
from placematch.followup.models_ending import EndingKind, NextCase, PlacementEnding
from placematch.followup.models_voice import Occasion, VoiceAnswer
from placematch.matching.models import Answer, Inquiry, InquiryStatus
from placematch.matching.shortlist import shortlist
from placematch.preparation.models import PlanStatus, PreparationPlan, StartedPlacement

pytestmark = pytest.mark.django_db


def _load() -> DemoContext:
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    for label in DEMO_APPS:
        import_module(f"placematch.{label}.demo").load(ctx)
    return ctx


@pytest.mark.slow
def test_the_demo_walks_every_stage_with_decisions_that_pass_the_gates():
    ctx = _load()
    # No decision the demo tried was refused by a gate.
    assert not ctx.shared.get("decisions.refused")
    in_force = Decision.objects.filter(status=DecisionStatus.DECIDED).select_related("case")
    lasting = [d for d in in_force if d.kind == DecisionKind.LASTING]
    assert len(lasting) >= 4
    bases = Counter(d.legal_basis for d in lasting)
    assert bases["s46_consent"] and bases["s47_without_consent"]
    assert any(d.case.case_type == "change_of_placement" for d in lasting)
    for decision in lasting:
        assert decision.basis.sha256 and decision.reasons_for_parents
        if decision.legal_basis == "s47_without_consent":
            assert decision.committee_decided_on is not None
            assert decision.case.child_plan_date <= decision.committee_decided_on
    # A case under non-disclosure (§ 105) with its decision.
    assert any(d.case.non_disclosure for d in lasting)
    # An acute provisional decision (§ 143) with its deadline.
    acute = [d for d in in_force if d.kind == DecisionKind.TEMPORARY]
    assert [d.legal_basis for d in acute] == ["s143_provisional"]
    assert acute[0].lapses_after is not None

    # A decided case has a decision in force; a placed one its started placement.
    decided = Case.objects.filter(status=CaseStatus.DECIDED)
    placed = Case.objects.filter(status=CaseStatus.PLACED)
    assert decided.exists() and placed.exists()
    assert all(current_decision(case) is not None for case in decided)
    for case in placed:
        assert current_decision(case) is not None
        assert StartedPlacement.objects.filter(case=case).exists()
    # Plans for decided cases: some with contacts, one agreed with a move to come.
    plans = PreparationPlan.objects.filter(case__in=decided)
    assert plans.filter(contacts__isnull=False).exists()
    assert plans.filter(status=PlanStatus.AGREED, move_date__isnull=False).exists()

    # Inquiries go only to places on the case's shortlist, answered yes, no, or still pending.
    for inquiry in Inquiry.objects.select_related("case"):
        run = inquiry.case.match_runs.order_by("created_at").first()
        assert str(inquiry.place_id) in {c.place_id for c in shortlist(run, limit=20)}
        assert inquiry.answered_by is None or inquiry.answered_by.is_provider_user
    matching = Inquiry.objects.filter(case__status=CaseStatus.MATCHING)
    assert matching.filter(answer=Answer.NO).exists()
    assert matching.filter(answer__in=[Answer.YES, Answer.YES_WITH_SUPPORT]).exists()
    assert matching.filter(status=InquiryStatus.SENT).exists()

    # After the move, over about three years: nothing the demo tried was refused.
    assert not ctx.shared.get("followup.skipped")
    first = PlacementRecord.objects.order_by("started_on").first()
    assert first is not None and (timezone.localdate() - first.started_on).days > 2 * 365
    # A breakdown with its causes started the next case, which reached a new place.
    broken = NextCase.objects.filter(breakdown__isnull=False).select_related("breakdown", "case")
    assert broken.exists()
    assert all(link.breakdown.causes for link in broken)
    assert {link.case.case_type for link in broken} == {"change_of_placement", "re_placement"}
    assert any(link.case.placement_records.exists() for link in broken)
    # Planned endings: going home, and at 18.
    kinds = set(PlacementEnding.objects.values_list("kind", flat=True))
    assert {EndingKind.HOME, EndingKind.ADULT_CONTINUED, EndingKind.ADULT_SUPPORT} <= kinds
    # Follow-ups held with progression, visits, and answers to the surveys and before follow-ups.
    assert FollowUp.objects.filter(held_on__isnull=False, progress__isnull=False).exists()
    assert SupervisionVisit.objects.filter(talked_alone=True).exists()
    occasions = set(VoiceAnswer.objects.values_list("occasion", flat=True))
    assert occasions == {Occasion.SURVEY, Occasion.CHECK}
