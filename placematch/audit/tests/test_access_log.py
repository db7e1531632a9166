# SPDX-License-Identifier: MPL-2.0
"""The access log: one row per read through the helper, failed logins, retention and admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.test import override_settings
from django.urls import include, path
from django.utils import timezone

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role, Team
from placematch.audit.models import AccessLogEntry, Action
from placematch.audit.services import CHILD_SUBJECT, log_child_list, reads_child


def _team_of(request, pk):
    return get_object_or_404(Team, pk=pk, organisation=request.user.organisation)


# A stand-in for a child page: the team plays the child, the helper does the logging.
@municipality_route(Role.CASEWORKER)
@reads_child(lambda request, pk: _team_of(request, pk))
def child_page(request, pk):
    team = _team_of(request, pk)
    return HttpResponse(f"child {team.pk}")


@municipality_route(Role.CASEWORKER)
def child_list(request):
    ids = list(
        Team.objects.filter(organisation=request.user.organisation).values_list("pk", flat=True)
    )
    log_child_list(request, ids)
    return HttpResponse("list")


urlpatterns = [
    path("test-child/<int:pk>/", child_page, name="test_child"),
    path("test-children/", child_list, name="test_children"),
    path("", include("config.urls")),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_reading_a_child_through_the_helper_writes_exactly_one_row(client_for, caseworker):
    child = caseworker.team
    before = AccessLogEntry.objects.count()
    response = client_for(caseworker).get(f"/test-child/{child.pk}/")
    assert response.status_code == 200
    rows = AccessLogEntry.objects.all()[: AccessLogEntry.objects.count() - before]
    assert len(rows) == 1
    row = rows[0]
    assert row.user == caseworker
    assert row.username == caseworker.username
    assert row.organisation_id == caseworker.organisation_id
    assert row.action == Action.VIEW
    assert (row.subject_type, row.subject_id) == (CHILD_SUBJECT, str(child.pk))
    assert row.route == "test_child"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_refused_read_writes_no_read_row(client_for, users, caseworker):
    child = caseworker.team
    outsider = users[("other", Role.CASEWORKER)]
    response = client_for(outsider).get(f"/test-child/{child.pk}/")
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action=Action.VIEW).exists()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_list_page_writes_one_row_naming_the_children_shown(client_for, caseworker):
    client_for(caseworker).get("/test-children/")
    row = AccessLogEntry.objects.get(action=Action.LIST)
    assert row.detail == {"ids": [str(caseworker.team.pk)], "count": 1}


@pytest.mark.django_db
def test_a_failed_login_is_logged_without_the_password(client, caseworker):
    client.post("/login/", {"username": caseworker.username, "password": "wrong-Password-1"})
    row = AccessLogEntry.objects.get(action=Action.LOGIN_FAILED)
    assert row.username == caseworker.username
    assert row.user is None
    assert "wrong-Password-1" not in str(row.detail)


@pytest.mark.django_db
def test_prune_keeps_six_months_and_deletes_older_rows(settings):
    settings.AUDIT_RETENTION_DAYS = 183
    now = timezone.now()
    old = AccessLogEntry.objects.create(action=Action.VIEW, time=now - timedelta(days=184))
    kept = AccessLogEntry.objects.create(action=Action.VIEW, time=now - timedelta(days=182))
    with time_machine.travel(now, tick=False):
        call_command("prune_access_log", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert AccessLogEntry.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_retention_below_six_months_is_refused():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup()"],
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PLACEMATCH_AUDIT_RETENTION_DAYS": "30",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "at least 183" in result.stderr


@pytest.mark.django_db
def test_admin_searches_the_log_by_subject(users, client_for):
    AccessLogEntry.objects.create(action=Action.VIEW, subject_type=CHILD_SUBJECT, subject_id="77")
    AccessLogEntry.objects.create(action=Action.VIEW, subject_type=CHILD_SUBJECT, subject_id="78")
    admin_client = client_for(users[("none", "superuser")])
    response = admin_client.get("/admin/audit/accesslogentry/", {"q": "77"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
