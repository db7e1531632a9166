# SPDX-License-Identifier: MPL-2.0
"""The national dataset: its refusals, and a small one whose pages open for every role.

It builds every app's part (the lived municipalities through the demo's loaders), so it lives
here. The small build doubles as a check of the load test's plan: the pages the simulated
users open are the ones opened here.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from load import plan as load_plan
from placematch.accounts.models import Organisation, User
from placematch.audit.models import AccessLogEntry
from placematch.children.models import Case, CaseStatus, Child
from placematch.decisions.selectors import current_decision
from placematch.providers.models import Place

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("national_data", *args, stdout=out)
    return out.getvalue()


def test_it_refuses_outside_development_without_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        _run("--scale", "0.01")
    assert not Organisation.objects.exists()


def test_it_refuses_a_database_with_data_and_never_adds_to_it(settings, municipality):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="tom database"):
        _run("--scale", "0.01")
    # --if-empty (what make load uses) succeeds and adds nothing.
    assert "ingenting" in _run("--scale", "0.01", "--if-empty").lower()
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("scale", ["abc", "0", "-1", "2"])
def test_it_refuses_a_scale_that_is_not_a_share(settings, scale):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="0,01"):
        _run("--scale", scale)


def _status_owner_kept() -> list[str]:
    wrong = []
    for case in Case.objects.prefetch_related("transitions"):
        steps = sorted(case.transitions.all(), key=lambda t: (t.at, t.pk))
        if steps and steps[-1].to_status != case.status:
            wrong.append(f"case {case.pk}: {case.status}, last step {steps[-1].to_status}")
        if not steps:
            wrong.append(f"case {case.pk}: no step")
    return wrong


@pytest.mark.slow
def test_a_small_national_dataset_opens_for_every_role(settings):
    settings.DEBUG = True
    assert "opdigtede" in _run("--scale", "0.01", "--i-know-this-is-not-production").lower()
    assert Organisation.objects.filter(kind="municipality").count() == 2
    assert Child.objects.count() >= 150 and Place.objects.count() >= 200
    assert AccessLogEntry.objects.count() >= 10_000
    assert not User.objects.exclude(username__startswith="demo-").exists()
    # Every stage, each case where its last step left it, a decision behind every decided case.
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert _status_owner_kept() == []
    for case in Case.objects.filter(status__in=[CaseStatus.DECIDED, CaseStatus.PLACED]):
        assert current_decision(case) is not None

    plan = load_plan.build()
    pages = {
        "caseworker": ["/", "/children/", "/children/?q=sen", "/matching/inquiries/"],
        "team_leader": ["/children/", "/matching/inquiries/", "/matching/inquiries/figures/"],
        "analyst": ["/", "/matching/inquiries/figures/"],
        "provider_staff": ["/", "/matching/provider/inquiries/"],
    }
    for role, urls in pages.items():
        me = plan[role][0]
        client = Client()
        client.force_login(User.objects.get(username=me["username"]))
        urls = [*urls, *(f"/children/cases/{pk}/" for pk in me.get("cases", [])[:3])]
        urls += [f"/matching/runs/{pk}/" for pk in me.get("runs", [])[:2]]
        urls += [f"/matching/provider/inquiries/{pk}/" for pk in me.get("inquiries", [])[:2]]
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
    assert plan["caseworker"][0]["runs"] and plan["provider_staff"][0]["inquiries"]
