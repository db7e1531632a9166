# SPDX-License-Identifier: MPL-2.0
"""The follow-up pages: the caseworker's case tab and forms, 404 for everyone else, reads logged."""

from __future__ import annotations

import pytest

from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry
from placematch.children.deadlines import case_deadlines
from placematch.children.models import Case
from placematch.followup.models import ChildPlanVersion, SupervisionVisit
from placematch.followup.tests.conftest import a_plan

pytestmark = pytest.mark.django_db


def test_the_case_tab_shows_the_placement_plan_and_progression_and_logs_the_read(
    placed, client_for
):
    a_plan(placed)
    case = placed["case"]
    client = client_for(placed["caseworker"])
    before = AccessLogEntry.objects.filter(action="view", subject_id=str(placed["child"].pk))
    count = before.count()
    page = client.get(f"/followup/cases/{case.pk}/").content.decode()
    assert "Plejefamilie Prøvesen" in page and "Vilja går i skole hver dag" in page
    assert "<svg" in page and "<caption" in page and "Jeg vil gerne gå til fodbold" in page
    assert before.count() == count + 1
    listing = client.get("/followup/").content.decode()
    assert placed["child"].name in listing
    for role in (Role.CASEWORKER, Role.TEAM_LEADER):
        other = client_for(placed["users"][("other", role)])
        assert other.get(f"/followup/cases/{case.pk}/").status_code == 404
        assert placed["child"].name not in other.get("/followup/").content.decode()
    staff = client_for(placed["staff"])
    assert staff.get(f"/followup/cases/{case.pk}/").status_code == 404


def test_a_goal_level_off_the_scale_is_refused_on_the_form_and_nothing_is_saved(placed, client_for):
    case = placed["case"]
    client = client_for(placed["caseworker"])
    form = {
        "plan-made_on": "2020-01-01",
        "plan-edit_version": "0",
        "plan-schooling__goal": "Skole hver dag",
        "plan-schooling__target_level": "superb",
        "plan-schooling__target_date": "2031-01-01",
    }
    response = client.post(f"/followup/cases/{case.pk}/plan/", form)
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()
    assert not ChildPlanVersion.objects.exists()


def test_a_visit_is_recorded_from_the_case_tab(placed, client_for):
    record = placed["record"]
    client = client_for(placed["caseworker"])
    page = client.get(f"/followup/cases/{record.case_id}/").content.decode()
    assert "visit-present" in page
    response = client.post(
        f"/followup/records/{record.pk}/visits/",
        {"visit-visited_on": record.started_on.isoformat(), "visit-present": "Vilja og jeg",
         "visit-talked_alone": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    assert SupervisionVisit.objects.get().talked_alone is True


def test_the_goals_table_heads_its_target_columns_and_a_survey_one_month_on_is_singular(
    placed, client_for
):
    """The target columns read "Målniveau" and "Måldato", not "Mål" twice and "Af" (by whom),
    and the first survey is "1 måned", not "1 måneder", on the tab and in the deadlines."""
    a_plan(placed)
    case = Case.objects.get(pk=placed["case"].pk)
    page = client_for(placed["caseworker"]).get(f"/followup/cases/{case.pk}/").content.decode()
    assert '<th scope="col">Målniveau</th><th scope="col">Måldato</th>' in page
    assert "spørgeskemaet 1 måned efter starten" in page
    start = placed["record"].started_on
    survey = [d.label for d in case_deadlines(case, start) if d.code == "survey"]
    assert survey == ["Spørgeskema 1 måned efter starten"]
