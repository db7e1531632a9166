# SPDX-License-Identifier: MPL-2.0
"""The § 105 check: an adversarial corpus of texts that must be refused or must pass."""

from __future__ import annotations

import pytest

from placematch.core.disclosure import Identifiers, fold, found, identifiers

PLACE = identifiers(
    names=["Lærkereden", "Afdeling Skovly", "Opholdsstedet Lærkereden ApS"],
    people=["Søren Kragh"],
    streets=["Bakkedraget 14B, 1. th."],
    postcodes=["8680"],
    towns=["Ry"],
    phones=["86 89 12 34"],
    emails=["Kontakt@Laerkereden.dk"],
)

REFUSE = [
    ("Lærkereden har målgruppen 12-17 år.", "Lærkereden"),
    ("Lærkeredens personale er uddannet.", "Lærkeredens"),
    ("LAERKEREDEN passer godt.", "LAERKEREDEN"),
    ("Hun får en plads på en lærkerede.", "lærkerede"),
    ("Skovly har plads.", "Skovly"),
    ("Skovlys have er stor.", "Skovlys"),
    ("Skovlyet ligger godt.", "Skovlyet"),
    ("Skovlyets have.", "Skovlyets"),
    ("Søren henter ham.", "Søren"),
    ("Sørens bil.", "Sørens"),
    ("soeren kragh ringer.", "soeren"),
    ("Familien Kragh.", "Kragh"),
    ("Bakkedraget 14B", "Bakkedraget 14B"),
    ("bor på Bakkedraget 14, 1. th.", "Bakkedraget 14"),
    ("8680 er postnummeret.", "8680"),
    ("Hun skal bo i Ry.", "Ry"),
    ("Rys skoler er gode.", "Rys"),
    ("Ry-området er roligt.", "Ry"),
    ("Ring på 86891234.", "86891234"),
    ("Ring på 86 89 12 34.", "86 89 12 34"),
    ("Ring på +45 86 89 12 34.", "+45 86 89 12 34"),
    ("Ring på +4586891234.", "+4586891234"),
    ("Skriv til kontakt@laerkereden.dk.", "kontakt@laerkereden.dk"),
    ("Skriv til KONTAKT@LÆRKEREDEN.DK", "LÆRKEREDEN"),
]

PASS = [
    "Han bryder sig ikke om skift.",
    "Ryan er hans bedste ven.",
    "Han er tryg ved de voksne.",
    "Opholdsstedet har målgruppen 12-17 år.",
    "Et børnehjem med egen skole.",
    "Afdelingen har fire pladser.",
    "Plejefamilien har erfaring.",
    "Et opholdssted i Jylland med ApS som selskabsform.",
    "Sørensen er morens efternavn.",
    "Bakkedraget er et almindeligt vejnavn.",
    "Bakkedraget 15 er naboens adresse.",
    "Ring på 86 89 12 35.",
    "Nummeret 868912345 er et journalnummer.",
    "8681 er et andet postnummer.",
    "Skovlyst er et andet sted.",
    "Lærke og Reden er to ord.",
    "Skriv til andet@kommune.dk.",
    "",
]


@pytest.mark.parametrize(("text", "word"), REFUSE)
def test_a_text_that_names_the_place_is_refused_with_the_word(text: str, word: str) -> None:
    assert word in found(text, PLACE)


@pytest.mark.parametrize("text", PASS)
def test_a_text_that_does_not_name_the_place_passes(text: str) -> None:
    assert found(text, PLACE) == []


def test_generic_words_of_the_names_are_not_protected() -> None:
    assert not {"opholdsstedet", "aps", "afdeling"} & PLACE.words
    assert "laerkereden" in PLACE.words and "skovly" in PLACE.words


def test_a_short_town_is_a_whole_word_only() -> None:
    ids = identifiers(towns=["Ry"], postcodes=["8680"])
    assert found("Ryan bryder ud i Ry", ids) == ["Ry"]
    assert found("drengen ryster", ids) == []


def test_identifiers_combine_and_empty_finds_nothing() -> None:
    other = identifiers(names=["Solsikken"])
    both = PLACE | other
    assert found("Solsikken og Lærkereden", both) == ["Solsikken", "Lærkereden"]
    assert found("Lærkereden", Identifiers()) == []
    assert not Identifiers()


def test_each_word_is_named_once_in_the_order_written() -> None:
    assert found("Ry, Lærkereden og ry igen", PLACE) == ["Ry", "Lærkereden"]


def test_folding_spells_danish_letters_and_drops_accents() -> None:
    assert fold("Ærø Å Café") == "aeroe aa cafe"


def test_bad_inputs_give_no_identifiers() -> None:
    ids = identifiers(
        postcodes=["86", "abcd", ""],
        phones=["123", ""],
        emails=["no-at"],
        streets=["", "12"],
        names=["", "A/S"],
    )
    assert not ids
