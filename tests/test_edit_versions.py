# SPDX-License-Identifier: MPL-2.0
"""Every versioned edit form refuses a missing or unreadable version: a clear message, never a 500.

A form that did not say which version it was loaded with would skip the stale check, so its post
is refused as a whole, with the input kept and nothing written, whatever the hidden field holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from placematch.children.models import Assessment, ParentView
from placematch.core.tests.page_forms import form_data
from placematch.decisions.tests.conftest import _plain_shortlist
from placematch.preparation.tests.conftest import decided, plan, world
from placematch.providers.models import CapacityProfile, VacancyDeclaration

# The preparation tests' decided case and its plan; its stored run has no real place index.
__all__ = ["_plain_shortlist", "decided", "plan", "world"]

pytestmark = pytest.mark.django_db

BAD_VERSIONS = [
    None,  # the field is not sent at all
    "",
    "-1",
    "1.5",
    "abc",
    "99999999999999999999999999",
    str(2**63),
    "٣",  # Arabic-Indic three
    "²",  # superscript two
    "１",  # fullwidth one
]
REFUSED = "Intet blev gemt: Formularen sagde ikke, hvilken version"
MARKER = "Mit eget input"


Saved = Callable[[], Any]


def _version_of(record: Any) -> Saved:
    return lambda: type(record).objects.get(pk=record.pk).version


def _pages(decided: dict[str, Any], plan: Any) -> dict[str, tuple[str, str, str, Saved]]:
    """Per edit form: who edits, the page, the form's action, and what a save would change."""
    case, wish, mother = decided["case"], decided["case"].wishes.get(), decided["mother"]
    decision, place = decided["decision"], decided["place"]
    edit = f"/children/cases/{case.pk}/edit/"
    assessment = f"/children/cases/{case.pk}/assessment/"
    wish_url = f"/children/cases/{case.pk}/wishes/{wish.pk}/"
    parents = f"/children/cases/{case.pk}/parents/"
    meeting = reverse("decisions:meeting_detail", args=[decided["meeting"].pk])
    detail = reverse("decisions:decision_detail", args=[decision.pk])
    withdraw = reverse("decisions:decision_withdraw", args=[decision.pk])
    plan_page = f"/preparation/cases/{case.pk}/"
    move = f"/preparation/plans/{plan.pk}/move/"
    mutual = f"/preparation/plans/{plan.pk}/mutual-yes/"
    profile = reverse("providers:portal_profile", args=[place.pk])
    vacancy = reverse("providers:portal_vacancy", args=[place.pk])
    return {
        "case": ("caseworker", edit, edit, _version_of(case)),
        "assessment": ("caseworker", assessment, assessment, Assessment.objects.count),
        "wish": ("caseworker", wish_url, wish_url, _version_of(wish)),
        "parents": ("caseworker", parents, parents, ParentView.objects.filter(person=mother).count),
        "meeting": ("caseworker", meeting, meeting, _version_of(decided["meeting"])),
        "withdraw": ("team_leader", detail, withdraw, _version_of(decision)),
        "move date": ("caseworker", plan_page, move, _version_of(plan)),
        "mutual yes": ("caseworker", mutual, mutual, _version_of(plan)),
        "capacity profile": ("provider_staff", profile, profile, CapacityProfile.objects.count),
        "vacancy": ("provider_staff", vacancy, vacancy, VacancyDeclaration.objects.count),
    }


def _client(decided: dict[str, Any], users: Any, client_for: Any, who: str) -> Any:
    if who == "provider_staff":
        return client_for(users[("provider", "provider_staff")])
    return client_for(decided[who])


def _with_marker(data: dict[str, list[str]]) -> dict[str, list[str]]:
    """The form as loaded, with the user's own words in its first free-text field."""
    for name in ("safety_note", "text", "notes", "reason", "child_view", "other_children_ages"):
        for key in data:
            if key == name or key.endswith(f"-{name}"):
                return {**data, key: [MARKER]}
    parent_views = [key for key in data if key.endswith("-views")]
    return {**data, parent_views[0]: [MARKER]} if parent_views else dict(data)


@pytest.mark.parametrize(
    "form",
    [
        "case", "assessment", "wish", "parents", "meeting", "withdraw", "move date",
        "mutual yes", "capacity profile", "vacancy",
    ],
)  # fmt: skip
def test_a_missing_or_unreadable_version_is_refused_with_the_input_kept(
    form, decided, plan, users, client_for
):
    who, page, action, saved = _pages(decided, plan)[form]
    client = _client(decided, users, client_for, who)
    # A form posting back to its own page has no action attribute.
    loaded = form_data(client.get(page).content.decode(), None if action == page else action)
    version = next(key for key in loaded if key.endswith("edit_version"))
    before = saved()
    for bad in BAD_VERSIONS:
        data = _with_marker(loaded)
        if bad is None:
            del data[version]
        else:
            data[version] = [bad]
        response = client.post(action, data)
        html = response.content.decode()
        # The providers' portal answers an invalid form with 200, the other apps with 400.
        assert response.status_code in (200, 400), (form, bad, response.status_code)
        assert REFUSED in html, (form, bad)
        if MARKER in str(data):
            assert MARKER in html, (form, bad)  # the user's input is kept
        assert saved() == before, (form, bad)
    # The same post with the version the page showed is not refused for its version.
    response = client.post(action, _with_marker(loaded))
    assert REFUSED not in response.content.decode(), form
