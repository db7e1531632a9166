# SPDX-License-Identifier: MPL-2.0
"""With a real match run: the meeting shows the engine's explanations and the rank is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from placematch.decisions import candidates
from placematch.decisions.services import decision_make
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import (
    FOSTER_ASSESSED,
    REAL_SHORTLIST,
    answered_yes,
    decide_kwargs,
    full_checklist,
)
from placematch.matching.tests.factories import make_run, matchable_place

pytestmark = pytest.mark.django_db


def test_a_real_run_gives_the_meeting_its_explained_shortlist(world, client_for, monkeypatch):
    monkeypatch.setattr(candidates, "engine_shortlist", REAL_SHORTLIST)
    matchable_place(name="Afdeling Rigtig Kørsel")
    matchable_place(name="Afdeling Anden Kørsel")
    run = make_run(world["case"], world["caseworker"])
    shortlist = candidates.engine_shortlist(run)
    assert shortlist and shortlist[0].rank == 1
    page = client_for(world["caseworker"]).get(
        reverse("decisions:meeting_start", args=[world["case"].pk]), {"run": run.pk}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert shortlist[0].place.name in html
    assert "Hvorfor stedet står her" in html  # the engine's factors, in Danish
    meeting = meeting_save(
        actor=world["caseworker"], case=world["case"], held_on=timezone.localdate(), run=run,
        checklist=full_checklist(), **FOSTER_ASSESSED,
    )  # fmt: skip
    chosen = shortlist[0].place
    answered_yes(world["case"], chosen, world["caseworker"], world["staff"])
    decision = decision_make(**decide_kwargs(world, place=chosen, meeting=meeting))
    assert decision.chosen_rank == 1 and decision.top_place == shortlist[0].place
