# SPDX-License-Identifier: MPL-2.0
"""Support arrangements (seed 002): who may keep them, the rules of one, and the pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from matchengine.vocab import PlaceType
from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.core.idempotency import FIELD
from placematch.providers import access
from placematch.providers.models import SupportArrangement
from placematch.providers.services import support_arrangement_create, support_arrangement_end
from placematch.providers.tests.factories import InstitutionFactory, PlaceFactory, ProviderFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def family(municipality):
    family = ProviderFactory(
        name="Plejefamilien Støttesen (fiktiv)", responsible_municipality=municipality
    )
    PlaceFactory(provider=family, place_type=PlaceType.FOSTER_FAMILY_REINFORCED)
    return family


@pytest.fixture
def institution(provider_org):
    return InstitutionFactory(organisation=provider_org, name="Opholdsstedet Bakkely (fiktiv)")


def _arrange(actor, family, supporter, **changes):
    values = {
        "kind": "institution_supervision",
        "dimensions": ["safe_care"],
        "hours_per_month": Decimal("8"),
        "valid_from": DAY,
        "valid_to": None,
    }
    values.update(changes)
    return support_arrangement_create(actor=actor, family=family, supporter=supporter, **values)


OWN_CW, OWN_TL = ("own", Role.CASEWORKER), ("own", Role.TEAM_LEADER)
OWN_FCC = ("own", Role.FAMILY_CARE_CONSULTANT)
STAFF, ELSEWHERE = ("provider", Role.PROVIDER_STAFF), ("other_provider", Role.PROVIDER_ADMIN)

# Who may record and end one: (case, user key, allowed)
WHO = [
    ("caseworker of the responsible municipality", OWN_CW, True),
    ("team leader of the responsible municipality", OWN_TL, True),
    ("family-care consultant of the responsible municipality", OWN_FCC, True),
    ("admin of the responsible municipality", ("own", Role.ADMIN), False),
    ("analyst of the responsible municipality", ("own", Role.ANALYST), False),
    ("caseworker of another municipality", ("other", Role.CASEWORKER), False),
    ("the supporting institution's staff", STAFF, True),
    ("another provider's staff (here: the family itself)", ELSEWHERE, False),
]


@pytest.mark.parametrize(("case", "key", "allowed"), WHO, ids=[w[0] for w in WHO])
def test_who_may_arrange_support(
    case, key, allowed, users, municipality, other_provider_org, institution
):
    family = ProviderFactory(organisation=other_provider_org, responsible_municipality=municipality)
    assert access.can_arrange_support(users[key], family=family, supporter=institution) is allowed


BEFORE, LATER = DAY - datetime.timedelta(days=1), DAY + datetime.timedelta(days=40)
ORDER = "samme dag som eller senere end den første dag"

# Each rule of an arrangement: (case, changes, field, message in Danish)
RULES = [
    ("the last day before the first", {"valid_to": BEFORE}, "valid_to", ORDER),
    ("an unknown dimension", {"dimensions": ["cooking"]}, "dimensions", "cooking er ikke en af"),
    ("no dimension", {"dimensions": []}, "dimensions", "Vælg mindst én dimension"),
    ("no hours", {"hours_per_month": Decimal("0")}, "hours_per_month", "timer om måneden"),
    ("an unknown kind", {"kind": "magic"}, "kind", "Vælg typen af støtte"),
    ("the same dimension, overlapping", {"valid_from": LATER}, "dimensions", "styrker allerede"),
]


@pytest.mark.parametrize(("case", "changes", "field", "message"), RULES, ids=[r[0] for r in RULES])
def test_a_bad_arrangement_is_refused_with_its_reason_and_nothing_saved(
    case, changes, field, message, users, family, institution
):
    staff = users[("provider", Role.PROVIDER_STAFF)]
    if case.startswith("the same dimension"):
        _arrange(staff, family, institution, valid_to=DAY + datetime.timedelta(days=60))
    before = SupportArrangement.objects.count()
    with pytest.raises(ValidationError) as refused:
        _arrange(staff, family, institution, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert SupportArrangement.objects.count() == before


def test_a_family_that_is_not_a_foster_family_is_refused(users, institution, municipality):
    home = InstitutionFactory(responsible_municipality=municipality)
    with pytest.raises(ValidationError) as refused:
        _arrange(users[("own", Role.CASEWORKER)], home, institution)
    assert "er ikke en plejefamilie" in refused.value.message_dict["family"][0]
    assert not SupportArrangement.objects.exists()


def test_other_dimensions_or_periods_that_follow_each_other_are_allowed(users, family, institution):
    staff = users[("provider", Role.PROVIDER_STAFF)]
    _arrange(staff, family, institution, valid_to=DAY + datetime.timedelta(days=30))
    _arrange(staff, family, institution, dimensions=["relationships_support"])
    _arrange(staff, family, institution, valid_from=DAY + datetime.timedelta(days=31))
    assert SupportArrangement.objects.filter(family=family).count() == 3


def _key(body: str) -> str:
    found = re.findall(rf'name="{FIELD}" value="([^"]+)"', body)
    assert len(found) == 1
    return found[0]


def test_the_institution_records_support_on_its_page_once_and_it_is_audited(
    users, family, institution, client_for
):
    staff = users[("provider", Role.PROVIDER_STAFF)]
    client = client_for(staff)
    url = reverse("providers:portal_support_new")
    page = client.get(url).content.decode()
    assert family.name in page
    post = {
        "family": family.pk, "kind": "institution_supervision", "hours_per_month": "7.5",
        "dimensions": ["safe_care", "relationships_support"], "valid_from": "2026-03-01",
        "contact": "Lone Fiktiv, 00 00 00 00", FIELD: _key(page),
    }  # fmt: skip
    assert client.post(url, post).status_code == 302
    assert client.post(url, post, follow=True).status_code == 200  # the same key again
    arrangement = SupportArrangement.objects.get()
    assert arrangement.supporter == institution
    assert arrangement.dimensions == ["safe_care", "relationships_support"]
    assert arrangement.hours_per_month == Decimal("7.5")
    assert AccessLogEntry.objects.filter(
        action=Action.CREATE, object_id=str(arrangement.pk)
    ).exists()
    listing = client.get(reverse("providers:portal_support")).content.decode()
    assert family.name in listing and "Trygt omsorgsmiljø" in listing


def test_bad_input_on_the_page_says_what_is_wrong_and_saves_nothing(users, family, client_for):
    client = client_for(users[("own", Role.CASEWORKER)])
    url = reverse("providers:support_new")
    page = client.get(url).content.decode()
    response = client.post(url, {
        "family": family.pk, "supporter_name": "Konsulent Fiktivsen", "kind": "consultant",
        "dimensions": ["safe_care", "flying"], "hours_per_month": "otte",
        "valid_from": "2026-03-10", "valid_to": "2026-03-01", FIELD: _key(page),
    })  # fmt: skip
    text = response.content.decode()
    assert "Støtteordningen er ikke gemt" in text
    assert "flying er ikke en af de syv dimensioner" in text
    assert "Skriv timer om måneden som et tal fra 0,5 til 744." in text
    assert "samme dag som eller senere end den første dag" in text
    assert not SupportArrangement.objects.exists()


def test_the_municipality_ends_an_arrangement_by_its_version(
    users, family, institution, client_for
):
    arrangement = _arrange(users[("provider", Role.PROVIDER_STAFF)], family, institution)
    client = client_for(users[("own", Role.FAMILY_CARE_CONSULTANT)])
    url = reverse("providers:support_end", args=[arrangement.pk])
    page = client.get(url).content.decode()
    version = re.search(r'name="edit_version" value="(\d+)"', page).group(1)
    early = client.post(url, {"last_day": "2026-02-01", "edit_version": version})
    assert "Dens sidste dag kan ikke ligge før" in early.content.decode()
    # Someone else ends it meanwhile: the stale form is refused, nothing changes.
    support_arrangement_end(
        actor=users[("provider", Role.PROVIDER_STAFF)], arrangement=arrangement,
        last_day=datetime.date(2026, 5, 31), expected_version=arrangement.version,
    )  # fmt: skip
    stale = client.post(url, {"last_day": "2026-04-30", "edit_version": version})
    assert "En anden har gemt her, efter du åbnede siden" in stale.content.decode()
    arrangement.refresh_from_db()
    assert arrangement.valid_to == datetime.date(2026, 5, 31)
    # Another municipality cannot open it at all.
    assert client_for(users[("other", Role.CASEWORKER)]).get(url).status_code == 404


def test_the_menu_offers_the_page_to_the_roles_that_keep_arrangements(
    users, institution, client_for
):
    html = client_for(users[("own", Role.CASEWORKER)]).get("/").content.decode()
    assert reverse("providers:support") in html
    html = client_for(users[("provider", Role.PROVIDER_STAFF)]).get("/").content.decode()
    assert reverse("providers:portal_support") in html
    html = client_for(users[("own", Role.ANALYST)]).get("/").content.decode()
    assert reverse("providers:support") not in html
