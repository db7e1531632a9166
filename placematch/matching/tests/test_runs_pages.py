# SPDX-License-Identifier: MPL-2.0
"""The run's pages: filters, "why not", the comparison and the way on to an inquiry."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from matchengine.vocab import PlaceType
from placematch.children.models import ParentView, RelatedPerson
from placematch.children.tests.factories import ChildFactory
from placematch.matching import explain
from placematch.matching.adapter import RunOptions
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import page, plain, ranked_names
from placematch.providers import ledger

KM_ERROR = "Skriv afstanden som et helt antal km fra 1 til 500."


@pytest.fixture
def mixed(world, ranked):
    """The three ranked places, a foster family, a place that is full and a stale one."""
    family = matchable_place(
        name="Plejefamilie Fiktivsen",
        place_type=PlaceType.FOSTER_FAMILY_GENERAL,
        postcode="8600",
        target_groups=["fire_setting"],
    )
    full = matchable_place(name="Afdeling Fyldt", postcode="8600", target_groups=["fire_setting"])
    # One child already holds a place, so the siblings (two) no longer fit in the ledger.
    other = ChildFactory(organisation=world["case"].organisation)
    ledger.place_reserve(actor=world["staff"], place=full, child_ref=other.ref)
    stale = matchable_place(
        name="Afdeling Gammelmeldt", postcode="8600", target_groups=["fire_setting"], fresh=False
    )
    run = make_run(world["case"], world["caseworker"], RunOptions(include_practical=True))
    return {**ranked, "family": family, "full": full, "stale": stale, "run": run}


# 5. Filters ----------------------------------------------------------------------------------


def test_without_a_filter_every_ranked_place_is_listed(world, mixed, client_for):
    status, html = page(client_for(world["caseworker"]), "matching:run_detail", mixed["run"])
    assert status == 200
    assert len(ranked_names(html)) == 6
    # The stale place included despite its practical obstacle says so.
    assert plain(html).count("Ingen frisk ledigmelding") == 1


def test_the_type_filter_shows_only_that_type(world, mixed, client_for):
    _status, html = page(
        client_for(world["caseworker"]),
        "matching:run_detail",
        mixed["run"],
        "type=foster_family_general",
    )
    assert ranked_names(html) == ["Plejefamilie Fiktivsen"]
    assert "1 sted passer til filteret" in plain(html)


def test_only_free_and_only_fresh_leave_out_the_full_and_the_stale_place(world, mixed, client_for):
    client = client_for(world["caseworker"])
    _status, free = page(client, "matching:run_detail", mixed["run"], "free=on")
    assert "Afdeling Fyldt" not in ranked_names(free)
    assert "Afdeling Gammelmeldt" in ranked_names(free)
    assert len(ranked_names(free)) == 5
    _status, fresh = page(client, "matching:run_detail", mixed["run"], "fresh=on")
    assert "Afdeling Gammelmeldt" not in ranked_names(fresh)
    assert "Afdeling Fyldt" in ranked_names(fresh)
    _status, both = page(client, "matching:run_detail", mixed["run"], "free=on&fresh=on")
    assert sorted(ranked_names(both)) == sorted(
        ["Afdeling Nærheden", "Afdeling Fjernvej", "Afdeling Kortbo", "Plejefamilie Fiktivsen"]
    )


def test_the_km_filter_counts_from_the_childs_school(world, mixed, client_for):
    _status, html = page(
        client_for(world["caseworker"]), "matching:run_detail", mixed["run"], "km=10"
    )
    names = ranked_names(html)
    assert "Afdeling Fjernvej" not in names  # Aarhus, about 40 km from the school in Silkeborg
    assert len(names) == 5
    _status, wide = page(
        client_for(world["caseworker"]), "matching:run_detail", mixed["run"], "km=60"
    )
    assert "Afdeling Fjernvej" in ranked_names(wide)


@pytest.mark.parametrize("km", ["abc", "0", "9999", "-3", "2.5"])
def test_a_wrong_distance_gives_400_and_the_list_still_renders(world, mixed, client_for, km):
    status, html = page(
        client_for(world["caseworker"]), "matching:run_detail", mixed["run"], f"km={km}"
    )
    assert status == 400
    assert KM_ERROR in html
    assert "Filteret blev ikke brugt" in plain(html)
    assert len(ranked_names(html)) == 6


def test_an_unknown_type_gives_400_and_the_list(world, mixed, client_for):
    status, html = page(
        client_for(world["caseworker"]), "matching:run_detail", mixed["run"], "type=castle"
    )
    assert status == 400
    assert "Vælg en type fra listen." in html
    assert len(ranked_names(html)) == 6


def test_a_page_number_beyond_the_list_shows_no_crash(world, mixed, client_for):
    status, html = page(
        client_for(world["caseworker"]), "matching:run_detail", mixed["run"], "page=abc"
    )
    assert status == 200 and len(ranked_names(html)) == 6


# 6. Why not ----------------------------------------------------------------------------------


@pytest.fixture
def excluded(world):
    too_old = matchable_place(name="Afdeling Småbørn", age_max=10, target_groups=["fire_setting"])
    no_target = matchable_place(name="Afdeling Udenmål")
    both = matchable_place(name="Afdeling Dobbelt", age_max=10)
    secure = matchable_place(
        name="Afdeling Sikret", place_type=PlaceType.SECURE_UNIT, target_groups=["fire_setting"]
    )
    matchable_place(name="Afdeling Åben", target_groups=["fire_setting"])
    run = make_run(world["case"], world["caseworker"])
    return {"too_old": too_old, "no_target": no_target, "both": both, "secure": secure, "run": run}


def reason_counts(html: str) -> dict[str, int]:
    found = re.findall(
        r'<li><a href="\?reason=([a-z_]+)"[^>]*>[^<]+</a> <span class="badge[^"]*">(\d+)</span>',
        html,
    )
    return {code: int(count) for code, count in found}


def rows_of(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [plain(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_why_not_groups_places_by_reason_with_counts(world, excluded, client_for):
    client = client_for(world["caseworker"])
    status, html = page(client, "matching:run_why_not", excluded["run"])
    assert status == 200
    assert reason_counts(html) == {
        "age_outside_approval": 2,
        "restrictive_unit_without_decision": 1,
        "target_group_not_covered": 2,
    }
    assert "4 steder kan ikke tage barnet" in plain(html)
    assert "Alder uden for godkendelsen" in html
    # The first group is shown: both places too young for the child, each with all reasons.
    rows = rows_of(html)
    assert len(rows) == 2
    double = next(r for r in rows if "Afdeling Dobbelt" in r)
    assert "Barnet er 12 år; godkendelsen dækker 0 til 10 år." in double
    assert "Godkendelsens målgrupper dækker ikke: Brandstiftelse." in double
    with translation.override("da"):
        entry = next(
            e
            for e in excluded["run"].result()["excluded"]
            if e["place_id"] == str(excluded["both"].pk)
        )
        texts = [explain.reason_text(r["code"], r["params"]) for r in entry["reasons"]]
    assert len(texts) == 2
    for text in texts:
        assert text in double

    _status, secure = page(
        client, "matching:run_why_not", excluded["run"], "reason=restrictive_unit_without_decision"
    )
    assert [r.split(": ", 1)[1].startswith("Afdeling Sikret") for r in rows_of(secure)] == [True]
    assert "Afdeling Åben" not in secure


def test_why_not_pages_a_long_group(world, client_for):
    for n in range(27):
        matchable_place(name=f"Afdeling Udenmål {n:02d}")
    matchable_place(name="Afdeling Åben", target_groups=["fire_setting"])
    run = make_run(world["case"], world["caseworker"])
    client = client_for(world["caseworker"])
    _status, first = page(client, "matching:run_why_not", run, "reason=target_group_not_covered")
    assert reason_counts(first)["target_group_not_covered"] == 27
    assert len(rows_of(first)) == 25
    assert "Side 1 af 2" in plain(first)
    _status, second = page(
        client, "matching:run_why_not", run, "reason=target_group_not_covered&page=2"
    )
    assert len(rows_of(second)) == 2
    shown = set(rows_of(first) + rows_of(second))
    assert len(shown) == 27


def test_an_unknown_reason_gives_a_message_not_an_error(world, excluded, client_for):
    response = client_for(world["caseworker"]).get(
        reverse("matching:run_why_not", args=[excluded["run"].pk]) + "?reason=<b>nonsense</b>"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intet sted er udeladt af den grund. Vælg en nedenfor." in html
    assert "<b>nonsense</b>" not in html
    assert len(rows_of(html)) == 2  # the first reason instead


def test_why_not_when_every_place_can_take_the_child(world, ranked, client_for):
    run = make_run(world["case"], world["caseworker"])
    _status, html = page(client_for(world["caseworker"]), "matching:run_why_not", run)
    assert "Alle steder i registret kan tage barnet." in html


# 7. Compare ----------------------------------------------------------------------------------


@pytest.fixture
def parent(world):
    child = world["child"]
    person = RelatedPerson.objects.create(
        organisation=child.organisation,
        child=child,
        kind="parent",
        name="Cecilie Fiktivholm",
        relation="mor",
        postcode="8600",
    )
    ParentView.objects.create(
        organisation=child.organisation,
        case=world["case"],
        person=person,
        views="Vilja skal blive tæt på sin skole",
        worries="At hun mister sine venner",
    )
    return person


def compare_query(*places) -> str:
    return "&".join(f"place={p.pk}" for p in places)


def test_three_places_side_by_side_with_the_childs_and_parents_words(
    world, ranked, parent, client_for
):
    run = make_run(world["case"], world["caseworker"])
    status, html = page(
        client_for(world["caseworker"]),
        "matching:run_compare",
        run,
        compare_query(ranked["short"], ranked["near"], ranked["far"]),
    )
    assert status == 200
    text = plain(html)
    assert "3 steder side om side" in text
    # In the run's order, whatever order they were ticked in.
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r"\d\. (Afdeling \w+)", plain(head)) == [
        "Afdeling Nærheden",
        "Afdeling Fjernvej",
        "Afdeling Kortbo",
    ]
    assert "Jeg vil gerne bo sammen med en hund der hedder Balder" in text
    assert "Cecilie Fiktivholm (mor)" in text
    assert "Vilja skal blive tæt på sin skole" in text
    assert "At hun mister sine venner" in text
    assert "2 niveauer for lidt" in text  # the short place's gap on safe care
    inquiry = reverse("matching:case_inquiries", args=[world["case"].pk])
    assert f"{inquiry}?place={ranked['near'].pk}&amp;place={ranked['far'].pk}" in html


def test_compare_without_parents_or_wishes_says_so(world, ranked, client_for):
    world["case"].wishes.all().delete()
    run = make_run(world["case"], world["caseworker"])
    _status, html = page(
        client_for(world["caseworker"]),
        "matching:run_compare",
        run,
        compare_query(ranked["near"], ranked["far"]),
    )
    assert "Ingen forældre registreret." in html
    assert "Ingen ønsker registreret endnu." in html


@pytest.mark.parametrize(
    ("how_many", "message"),
    [
        (0, "Vælg to til fire steder at sammenligne."),
        (1, "Vælg to til fire steder at sammenligne; du valgte 1."),
        (5, "Vælg to til fire steder at sammenligne; du valgte 5."),
    ],
)
def test_compare_needs_two_to_four_places(world, ranked, client_for, how_many, message):
    extra = [
        matchable_place(name=f"Afdeling Ekstra {n}", target_groups=["fire_setting"])
        for n in range(2)
    ]
    run = make_run(world["case"], world["caseworker"])
    chosen = [*ranked.values(), *extra][:how_many]
    client = client_for(world["caseworker"])
    response = client.get(
        reverse("matching:run_compare", args=[run.pk]) + "?" + compare_query(*chosen)
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("matching:run_detail", args=[run.pk]))
    followed = client.get(response["Location"])
    assert message in followed.content.decode()
    assert len(ranked_names(followed.content.decode())) == 5


def test_compare_refuses_a_place_not_in_the_run(world, ranked, client_for):
    run = make_run(world["case"], world["caseworker"])
    client = client_for(world["caseworker"])
    # The world's place is in the registry but was left out of the run (no approval).
    response = client.get(
        reverse("matching:run_compare", args=[run.pk])
        + "?"
        + compare_query(ranked["near"], world["place"])
    )
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "Et af de valgte steder er ikke på dette matchs liste." in followed.content.decode()


# 8. On to the inquiry ------------------------------------------------------------------------


def test_the_chosen_places_arrive_ticked_on_the_inquiry_page(world, ranked, client_for):
    url = reverse("matching:case_inquiries", args=[world["case"].pk])
    response = client_for(world["caseworker"]).get(
        f"{url}?place={ranked['near'].pk}&place={ranked['far'].pk}"
    )
    assert response.status_code == 200
    html = response.content.decode()

    def ticked(place) -> bool:
        box = re.search(rf'<input type="checkbox"[^>]*id="place-{place.pk}"[^>]*>', html)
        assert box is not None, place.name
        return " checked" in box.group(0)

    assert ticked(ranked["near"]) and ticked(ranked["far"])
    assert not ticked(ranked["short"])
