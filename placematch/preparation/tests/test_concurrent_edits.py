# SPDX-License-Identifier: MPL-2.0
"""Two users edit the same preparation plan: the second, stale save is refused and named."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from placematch.core.concurrency import StaleEditError
from placematch.core.tests.page_forms import form_data
from placematch.preparation import services
from placematch.preparation.models import PlanStatus
from placematch.preparation.tests.conftest import all_steps_held

pytestmark = pytest.mark.django_db


def _two(decided, client_for):
    return client_for(decided["caseworker"]), client_for(decided["team_leader"])


def test_move_date_second_stale_save_is_refused_and_the_first_survives(decided, plan, client_for):
    first, second = _two(decided, client_for)
    page = f"/preparation/cases/{plan.case_id}/"
    url = f"/preparation/plans/{plan.pk}/move/"
    mine = form_data(first.get(page).content.decode(), action=url)
    theirs = form_data(second.get(page).content.decode(), action=url)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    later = soon + datetime.timedelta(days=7)
    mine["move-move_date"] = [soon.isoformat()]
    assert first.post(url, mine).status_code == 302
    theirs["move-move_date"] = [later.isoformat()]
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden: Flyttedato" in html
    assert f"Nu: {soon:%d-%m-%Y}" in html
    plan.refresh_from_db()
    assert plan.move_date == soon
    # Saving again from the refused page carries the fresh version.
    assert second.post(url, form_data(html, action=url)).status_code == 302
    plan.refresh_from_db()
    assert plan.move_date == later


def test_mutual_yes_second_stale_save_is_refused_and_names_the_answer(decided, plan, client_for):
    all_steps_held(decided, plan)
    first, second = _two(decided, client_for)
    url = f"/preparation/plans/{plan.pk}/mutual-yes/"
    mine = form_data(first.get(url).content.decode())
    theirs = form_data(second.get(url).content.decode())
    mine.update({"yes-mutual_yes": ["yes"], "yes-placement_yes": ["yes"],
                 "yes-child_view": ["Glad for hunden"]})  # fmt: skip
    assert first.post(url, mine).status_code == 302
    theirs.update({"yes-mutual_yes": ["no"], "yes-placement_yes": ["no"],
                   "yes-child_view": ["Usikker"],
                   "yes-note": ["For langt fra skolen"]})  # fmt: skip
    response = second.post(url, theirs)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ændret i mellemtiden:" in html and "Nu: Glad for hunden" in html
    assert "For langt fra skolen" in html  # the second user's input is kept
    plan.refresh_from_db()
    assert plan.mutual_yes is True and plan.status == PlanStatus.AGREED
    assert plan.child_view == "Glad for hunden"


def test_a_stale_move_date_writes_nothing_on_the_case(decided, plan):
    soon = timezone.localdate() + datetime.timedelta(days=30)
    services.move_date_set(actor=decided["caseworker"], plan=plan, move_date=soon,
                           expected_version=plan.version)  # fmt: skip
    with pytest.raises(StaleEditError):
        services.move_date_set(
            actor=decided["caseworker"], plan=plan, move_date=soon + datetime.timedelta(days=1),
            expected_version=1,
        )  # fmt: skip
    decided["case"].refresh_from_db()
    assert decided["case"].intended_placement_date == soon
