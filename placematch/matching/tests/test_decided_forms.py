# SPDX-License-Identifier: MPL-2.0
"""A decided placement form can name a §43 foster-family type; the others are "why not"."""

from __future__ import annotations

from django.urls import reverse

from matchengine.vocab import PlaceType
from placematch.matching.models import MatchRun
from placematch.matching.tests.factories import matchable_place
from placematch.matching.tests.pages import page, plain, ranked_names

THEIRS = ["adhd", "fire_setting"]  # the world's child's heavy needs, covered by every place


def test_a_reinforced_foster_family_decided_leaves_out_general_ones_and_homes(world, client_for):
    matchable_place(
        name="Plejefamilien Demosen", place_type=PlaceType.FOSTER_FAMILY_GENERAL,
        target_groups=THEIRS,
    )  # fmt: skip
    matchable_place(
        name="Plejefamilien Prøvesen", place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
        target_groups=THEIRS,
    )  # fmt: skip
    matchable_place(name="Børnehjemmet Testrup", target_groups=THEIRS)
    client = client_for(world["caseworker"])
    form = client.get(reverse("matching:case_match", args=[world["case"].pk])).content.decode()
    assert "Forstærket plejefamilie" in plain(form)

    response = client.post(
        reverse("matching:case_match", args=[world["case"].pk]),
        {"required_forms": ["foster_family_reinforced"]},
    )
    assert response.status_code == 302
    run = MatchRun.objects.get()
    _status, html = page(client, "matching:run_detail", run)
    assert ranked_names(html) == ["Plejefamilien Prøvesen"]
    _status, why_not = page(client, "matching:run_why_not", run, "reason=place_form_not_required")
    text = plain(why_not)
    assert "Plejefamilien Demosen" in text and "Børnehjemmet Testrup" in text
    assert (
        "Stedet er af typen almen plejefamilie; den besluttede form er forstærket plejefamilie."
        in text
    )
    assert "Stedet er af typen opholdssted; den besluttede form er forstærket plejefamilie." in text


def test_an_unknown_form_is_refused_and_makes_no_run(world, client_for):
    matchable_place(name="Plejefamilien Demosen", target_groups=THEIRS)
    response = client_for(world["caseworker"]).post(
        reverse("matching:case_match", args=[world["case"].pk]),
        {"required_forms": ["foster_family_deluxe"]},
    )
    assert response.status_code == 400
    assert "Vælg anbringelsesformer fra listen." in plain(response.content.decode())
    assert MatchRun.objects.count() == 0
