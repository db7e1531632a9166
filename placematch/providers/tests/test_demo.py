# SPDX-License-Identifier: MPL-2.0
"""The demo data: about 150 providers of every type, with stale declarations and support."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from matchengine.vocab import PlaceType
from placematch.accounts import demo as accounts_demo
from placematch.core.demo import DemoContext
from placematch.providers import demo
from placematch.providers.models import CapacityProfile, Place, Provider, SupportArrangement
from placematch.providers.selectors import VacancyState, provider_data_version, vacancy_status


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_data_covers_every_type_with_stale_declarations_and_support():
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    accounts_demo.load(ctx)
    demo.load(ctx)
    assert 140 <= Provider.objects.count() <= 160
    assert set(Place.objects.values_list("place_type", flat=True)) == {t.value for t in PlaceType}
    assert all("(fiktiv)" in name for name in Provider.objects.values_list("name", flat=True))
    today = timezone.localdate()
    states = {vacancy_status(p, today).state for p in Place.objects.all()}
    assert states == {VacancyState.FRESH, VacancyState.STALE, VacancyState.MISSING}
    assert CapacityProfile.objects.filter(version=2).exists()
    assert SupportArrangement.objects.count() >= 10
    assert provider_data_version() >= 1
    assert len(ctx.shared["providers.place_ids"]) == Place.objects.count()
    logins = Provider.objects.filter(organisation__users__username__startswith="demo-")
    assert logins.distinct().count() == 4
