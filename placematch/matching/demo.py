# SPDX-License-Identifier: MPL-2.0
"""matching: a match for every demo case in matching, and inquiries only to eligible places.

Loads after children and providers. Every case in matching gets a run; its inquiries go only to
places on the run's shortlist with a free place (the shortlist lists only places approved for
the child), those whose provider has the named demo log-ins first, so they have inquiries to
answer. A few cases show every state of an inquiry; each case the children demo marked to be
decided (``ctx.shared["children.to_decide"]``) gets a yes from a place checked again by
``eligibility.place_refusals``, handed on as ``ctx.shared["matching.yes"]`` (case id → place id,
no place twice, so each decision finds its place free).
"""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.utils import timezone

from matchengine.vocab import Dimension
from placematch.children.models import Case, CaseStatus
from placematch.core.demo import DemoContext
from placematch.matching import services
from placematch.matching.adapter import RunOptions
from placematch.matching.eligibility import place_refusals
from placematch.matching.models import Answer, DeclineReason, DimensionAnswer, Inquiry, MatchRun
from placematch.matching.services_runs import MatchRunError, match_run_create
from placematch.matching.shortlist import shortlist
from placematch.providers.demo import place_staff
from placematch.providers.models import Place

CASES_PER_MUNICIPALITY = 3
# How far down the shortlist the demo looks for places to ask.
SHORTLIST = 20


def _answers(ctx: DemoContext, support_on: str = "") -> dict[str, str]:
    result = {}
    for dimension in Dimension:
        if dimension.value == support_on:
            result[dimension.value] = DimensionAnswer.WITH_SUPPORT.value
        else:
            result[dimension.value] = ctx.rng.choice(
                [
                    DimensionAnswer.CAN.value,
                    DimensionAnswer.CAN.value,
                    DimensionAnswer.WITH_SUPPORT.value,
                ]
            )
    return result


def _eligible(run: MatchRun) -> list[Place]:
    """The run's shortlisted places with a free place, those with demo log-ins first."""
    places = [
        c.place for c in shortlist(run, limit=SHORTLIST) if c.place is not None and c.free_places
    ]
    return sorted(places, key=lambda p: not p.provider.organisation.users.exists())


def _send(
    ctx: DemoContext, case: Case, places: list[Place], sent_at: datetime.datetime, urgency: str
) -> list[Inquiry]:
    caseworker = ctx.users[(case.organisation.municipality_code, "caseworker")]
    return services.inquiry_send(
        request=None, user=caseworker, case=case, places=places, urgency=urgency,
        disclosure_basis=ctx.rng.choice(["consent", "necessary"]), disclosure_note="",
        parents_informed_on=(sent_at - timedelta(days=1)).date(),
        child_informed_on=(sent_at - timedelta(days=1)).date(), now=sent_at,
    )  # fmt: skip


def _no(ctx: DemoContext, inquiry: Inquiry, at: datetime.datetime) -> None:
    services.inquiry_answer(
        request=None, user=place_staff(ctx, inquiry.place), inquiry=inquiry, answer=Answer.NO,
        dimension_answers={}, decline_reason=ctx.rng.choice(
            [DeclineReason.NO_CAPACITY, DeclineReason.BEYOND_COMPETENCE, DeclineReason.DISTANCE]),
        now=at,
    )  # fmt: skip


def _yes(ctx: DemoContext, inquiry: Inquiry, at: datetime.datetime, support: bool) -> Inquiry:
    return services.inquiry_answer(
        request=None, user=place_staff(ctx, inquiry.place), inquiry=inquiry,
        answer=Answer.YES_WITH_SUPPORT if support else Answer.YES,
        dimension_answers=_answers(ctx, "safe_care" if support else ""),
        support_needed="Supervision fra en døgninstitution to gange om måneden." if support else "",
        view="Vi har plads og erfaring med børn i samme alder.", now=at,
    )  # fmt: skip


def _varied(
    ctx: DemoContext, case: Case, places: list[Place], number: int, now: datetime.datetime
) -> None:
    """Inquiries in every state: a no, a yes (one shared further), a withdrawn one, one pending."""
    caseworker = ctx.users[(case.organisation.municipality_code, "caseworker")]
    # Two days ago, nine days ago (now overdue), and an acute one three hours ago.
    ago = (timedelta(days=2), timedelta(days=9), timedelta(hours=3))[number % 3]
    sent_at = now - ago - timedelta(minutes=ctx.rng.randint(0, 90))
    inquiries = _send(ctx, case, places[:4], sent_at, "acute" if number == 2 else "normal")
    if number == 2:
        return  # an acute inquiry still awaiting answers
    answered_at = sent_at + timedelta(hours=ctx.rng.randint(3, 30))
    if len(inquiries) > 1:
        _no(ctx, inquiries[1], answered_at)
    answered = _yes(ctx, inquiries[0], answered_at + timedelta(hours=2), support=True)
    if number == 0:
        services.inquiry_proceed(
            request=None, user=caseworker, inquiry=answered, now=answered_at + timedelta(hours=20)
        )
    if number == 1 and len(inquiries) > 2:
        services.inquiry_withdraw(
            request=None, user=caseworker, inquiry=inquiries[2], reason="Ikke længere aktuelt",
            now=answered_at,
        )  # fmt: skip
    # The last stays unanswered: overdue for the case sent nine days ago.


def _towards_decision(
    ctx: DemoContext, case: Case, run: MatchRun, places: list[Place], now: datetime.datetime
) -> Place | None:
    """A yes from a place checked again for the child today, and a no from another."""
    options = RunOptions.from_json(run.options)
    today = timezone.localdate()
    chosen = next((p for p in places if not place_refusals(case, p, today, options)), None)
    if chosen is None:
        return None
    others = [p for p in places if p.pk != chosen.pk][:1]
    sent_at = now - timedelta(days=6, minutes=ctx.rng.randint(0, 90))
    inquiries = _send(ctx, case, [chosen, *others], sent_at, "normal")
    answered_at = sent_at + timedelta(hours=ctx.rng.randint(3, 30))
    _yes(ctx, inquiries[0], answered_at, support=ctx.rng.random() < 0.3)
    for inquiry in inquiries[1:]:
        _no(ctx, inquiry, answered_at + timedelta(hours=1))
    return chosen


def load(ctx: DemoContext) -> None:
    to_decide: dict[int, str] = ctx.shared.get("children.to_decide", {})
    yes: dict[int, int] = ctx.shared.setdefault("matching.yes", {})
    now = timezone.now()
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users[(code, "caseworker")]
        cases = Case.objects.filter(organisation=municipality, status=CaseStatus.MATCHING)
        number = 0
        for case in cases.select_related("child", "organisation").order_by("pk"):
            try:
                run = match_run_create(
                    request=None, user=caseworker, case=case, options=RunOptions()
                )
            except MatchRunError:
                return  # no place in the registry can be matched: nothing to show
            # A place promised to one decision is not offered to the next.
            places = [p for p in _eligible(run) if p.pk not in yes.values()]
            if not places:
                continue
            if case.pk in to_decide:
                chosen = _towards_decision(ctx, case, run, places, now)
                if chosen is not None:
                    yes[case.pk] = chosen.pk
            elif number < CASES_PER_MUNICIPALITY:
                _varied(ctx, case, places, number, now)
                number += 1
