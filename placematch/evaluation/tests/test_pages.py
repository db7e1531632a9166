# SPDX-License-Identifier: MPL-2.0
"""The evaluation from the database: one placement's row, who may see which page, bad input."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from placematch.accounts.models import Role
from placematch.evaluation.dataset import placement_rows
from placematch.followup.models_ending import EndingKind, PlacementEnding
from placematch.followup.tests import conftest as followup_conftest

world = followup_conftest.world
decided = followup_conftest.decided
plan = followup_conftest.plan
placed = followup_conftest.placed
_plain_shortlist = followup_conftest._plain_shortlist

pytestmark = pytest.mark.django_db
PAGES = ("started", "stability", "engine", "fidelity", "surveys")


def test_a_started_placement_becomes_one_row_with_its_course_and_the_engines_rank(placed):
    record = placed["record"]
    today = timezone.localdate()
    (only,) = placement_rows(record.organisation_id, as_of=today)
    assert (only.record_id, only.kind, only.started_on, only.under_18) == (
        record.pk, "new", today, True,
    )  # fmt: skip
    assert only.engine_rank == record.decision.chosen_rank and only.top3 is True
    assert only.child_conversation and only.preparation_steps and only.match_meeting
    assert placed["caseworker"].pk in only.caseworker_ids
    assert only.censored and not only.breakdown and only.ended_on is None
    assert placement_rows(record.organisation_id, as_of=today, caseworker_id=0) == []

    PlacementEnding.objects.create(
        organisation=record.organisation, record=record, kind=EndingKind.BREAKDOWN,
        ended_on=today + datetime.timedelta(days=3), created_by=placed["caseworker"],
    )  # fmt: skip
    # Recorded ahead of its day: not ended yet as of today; ended and broken down three days on.
    (before,) = placement_rows(record.organisation_id, as_of=today)
    assert not before.breakdown and before.censored
    (after,) = placement_rows(record.organisation_id, as_of=today + datetime.timedelta(days=5))
    assert after.breakdown and after.breakdown_on == after.ended_on and after.observed_days == 3


def _get(client_for: Any, user: Any, name: str, **query: str) -> Any:
    return client_for(user).get(reverse(f"evaluation:{name}"), query)


def test_analysts_and_team_leaders_see_every_page_with_its_table(placed, client_for):
    for role in (Role.ANALYST, Role.TEAM_LEADER):
        user = placed["users"][("own", role)]
        for name in PAGES:
            response = _get(client_for, user, name)
            assert response.status_code == 200, (role, name)
            html = response.content.decode()
            # One placement: the headline says "fewer than 5", never the number itself.
            assert "Færre end 5 iværksatte anbringelser i perioden" in html
            # No survey is answered on the day of the move: the page says so instead.
            assert ("<table" in html) if name != "surveys" else ("Intet spørgeskema" in html)
            assert "Vilja" not in html and "Fiktivholm" not in html
            # Only the team leader, who may export, is offered the export.
            assert (reverse("evaluation:export") in html) is (role == Role.TEAM_LEADER)
    # Another municipality's analyst sees none of it.
    other = _get(client_for, placed["users"][("other", Role.ANALYST)], "started")
    assert (
        other.status_code == 200 and "Ingen anbringelse er startet endnu" in other.content.decode()
    )


def test_a_caseworker_sees_only_the_fidelity_of_their_own_cases(placed, client_for, make_user):
    caseworker = placed["caseworker"]
    for name in PAGES:
        expected = 200 if name == "fidelity" else 404
        assert _get(client_for, caseworker, name).status_code == expected, name
    assert "Færre end 5 iværksatte" in _get(client_for, caseworker, "fidelity").content.decode()
    colleague = make_user(caseworker.organisation, Role.CASEWORKER, team=caseworker.team)
    html = _get(client_for, colleague, "fidelity").content.decode()
    assert "Kun dine egne sager" not in html and "Ingen anbringelse er startet endnu" in html
    for role in (Role.FAMILY_CARE_CONSULTANT, Role.ADMIN):
        assert _get(client_for, placed["users"][("own", role)], "fidelity").status_code == 404


@pytest.mark.parametrize(
    ("page", "query", "message"),
    [
        ("started", {"start": "2999"}, "Perioden ligger i fremtiden"),
        ("started", {"start": "2011", "end": "2012"}, "Ingen anbringelse startede i den periode"),
        ("stability", {"split": "postcode"}, "Der findes ingen opdeling, der hedder “postcode”"),
        ("engine", {"start": "2025", "end": "2020"}, "Det sidste år ligger før det første år"),
        ("fidelity", {"start": "tyve"}, "heltal"),
    ],
)
def test_bad_input_gets_a_clear_message_and_400(placed, client_for, page, query, message):
    response = _get(client_for, placed["users"][("own", Role.ANALYST)], page, **query)
    assert response.status_code == 400
    assert message in response.content.decode()
