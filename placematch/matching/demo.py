# SPDX-License-Identifier: MPL-2.0
"""matching: demo inquiries in varied states for demo cases in the matching state.

Loads after children and providers; finds their demo cases and places through the models.
Places whose provider has demo log-ins are asked first, so a demo provider user has inquiries
to answer.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from matchengine.vocab import Dimension
from placematch.accounts.models import User
from placematch.children.models import Case, CaseStatus
from placematch.core.demo import DemoContext
from placematch.matching import services
from placematch.matching.adapter import RunOptions
from placematch.matching.models import Answer, DeclineReason, DimensionAnswer
from placematch.matching.services_runs import MatchRunError, match_run_create
from placematch.providers.models import Place
from placematch.providers.selectors import occupancy

CASES_PER_MUNICIPALITY = 3


def _places() -> tuple[list[Place], list[Place]]:
    """Places whose provider has log-ins (they answer), and some others (they stay silent)."""
    with_logins = list(
        Place.objects.filter(provider__organisation__users__isnull=False).distinct().order_by("pk")
    )
    others = list(Place.objects.exclude(pk__in=[p.pk for p in with_logins]).order_by("pk")[:40])
    return with_logins, others


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


def _provider_user(place: Place) -> User | None:
    return place.provider.organisation.users.order_by("pk").first()


def load(ctx: DemoContext) -> None:
    answering, silent = _places()
    if len(answering) < 2 or len(silent) < 2:
        return
    now = timezone.now()
    cursor = 0
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users[(code, "caseworker")]
        cases = Case.objects.filter(organisation=municipality, status=CaseStatus.MATCHING).order_by(
            "pk"
        )[:CASES_PER_MUNICIPALITY]
        for number, case in enumerate(cases):
            # Of the two places that answer, the one with more room says yes (the other no).
            pair = sorted(
                (answering[(cursor + i) % len(answering)] for i in range(2)),
                key=lambda place: occupancy(place).free,
            )
            chosen = pair + [silent[(cursor + i) % len(silent)] for i in range(2)]
            cursor += 2
            # Two days ago, nine days ago (now overdue), and an acute one three hours ago.
            ago = (timedelta(days=2), timedelta(days=9), timedelta(hours=3))[number % 3]
            sent_at = now - ago - timedelta(minutes=ctx.rng.randint(0, 90))
            inquiries = services.inquiry_send(
                request=None,
                user=caseworker,
                case=case,
                places=chosen,
                urgency="acute" if number == 2 else "normal",
                disclosure_basis="consent" if number % 2 else "necessary",
                disclosure_note="",
                parents_informed_on=(sent_at - timedelta(days=1)).date(),
                child_informed_on=(sent_at - timedelta(days=1)).date(),
                now=sent_at,
            )
            if number == 2:
                continue  # an acute inquiry still awaiting answers
            first, second, third, fourth = inquiries
            answered_at = sent_at + timedelta(hours=ctx.rng.randint(3, 30))
            responders = [_provider_user(i.place) for i in inquiries]
            if responders[0] is not None:
                services.inquiry_answer(
                    request=None, user=responders[0], inquiry=first, answer=Answer.NO,
                    dimension_answers={}, decline_reason=ctx.rng.choice(
                        [DeclineReason.NO_CAPACITY, DeclineReason.BEYOND_COMPETENCE,
                         DeclineReason.DISTANCE]), now=answered_at,
                )  # fmt: skip
            if responders[1] is not None:
                answered = services.inquiry_answer(
                    request=None, user=responders[1], inquiry=second,
                    answer=Answer.YES_WITH_SUPPORT, dimension_answers=_answers(ctx, "safe_care"),
                    support_needed="Supervision fra en døgninstitution to gange om måneden.",
                    view="Vi har plads og erfaring med børn i samme alder.",
                    now=answered_at + timedelta(hours=2),
                )  # fmt: skip
                if number == 0:
                    services.inquiry_proceed(
                        request=None, user=caseworker, inquiry=answered,
                        now=answered_at + timedelta(hours=20),
                    )  # fmt: skip
            if number == 1:
                services.inquiry_withdraw(
                    request=None, user=caseworker, inquiry=third, reason="Ikke længere aktuelt",
                    now=answered_at,
                )  # fmt: skip
            # The fourth stays unanswered: overdue for the case sent nine days ago.
            del fourth
    _runs(ctx)


def _runs(ctx: DemoContext) -> None:
    """A match for every demo case in matching, so the match page has something to show."""
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users[(code, "caseworker")]
        for case in Case.objects.filter(organisation=municipality, status=CaseStatus.MATCHING):
            try:
                match_run_create(request=None, user=caseworker, case=case, options=RunOptions())
            except MatchRunError:
                return  # no place in the registry can be matched: nothing to show
