# SPDX-License-Identifier: MPL-2.0
"""Finds the words in a text that would tell a reader where a child lives (§ 105).

Pure text: an app that knows a place builds its ``Identifiers`` (names, contact persons,
street with number, postcode, town, phones, e-mails) and ``found`` returns the words of a text
that name it, as they are written there. Callers refuse such a text; they never mask it, since
a masked word still shows its length and place in the sentence, and masking inside words
breaks other words ("bryder" for a place in Ry).

Matching is by whole words, case- and accent-insensitive (æ/ae, ø/oe, å/aa), and allows the
Danish inflections a name takes in a sentence: genitive -s, definite -en/-et/-ne and their
combinations (-ens, -ets, -nes), and the indefinite form of a name that is itself definite
("Lærkereden" is also found as "Lærkerede"). People's names and towns take the genitive only,
so a contact person "Jens" does not refuse "Jensen", nor a town "Ry" the word "Ryen". A
postcode is a whole four-digit word, so a year of the same digits is refused too; the
caseworker then writes it another way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# Words that name a kind of place, a legal form or a direction rather than one place: alone
# they reveal nothing, so they are never protected terms ("Opholdsstedet Lærkereden" is
# protected by "Lærkereden"). Written folded (lower case, æ→ae, ø→oe, å→aa); a word is also
# left out when it is one of these with an inflection (e.g. "børnehjemmets").
STOP_WORDS = frozenset(
    """
    a af afd afdeling aps at bofaellesskab bosted botilbud boern boerne boernehjem
    boernehjemmet center centeret centret de den der det doegninstitution doegntilbud
    efterskole en et familie familiepleje fond for forstaerket hjem hjemmet hus huset i
    institution kommune kostskole lille med netvaerk netvaerksplejefamilie nord ny nye
    noerre og opholdssted opholdsstedet paa pleje plejefamilie plejefar plejeforaeldre
    plejehjem plejemor region selvejende skole skolen socialpaedagogisk specialiseret
    store syd soendre til tilbud ung unge ungehjem ungehjemmet ungdom ungdomshjem ved vest
    vester oest oester almen gammel gamle hos gaard gaarden
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

# A definite form written where the name is indefinite, and the reverse, plus the genitive.
_SUFFIXES = ("", "s", "en", "ens", "et", "ets", "ne", "nes", "n", "ns", "t", "ts")
# People and towns take only the genitive: "Jens" must not find "Jensen", nor "Ry" "Ryen".
_GENITIVE = ("", "s")
_DEFINITE_ENDINGS = ("en", "et", "ne")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_WORD = re.compile(r"[^\W_]+")
# Eight digits, alone or in pairs, optionally after +45 or 0045; not part of a longer number.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)45[ .-]?)?\d{2}(?:[ .-]?\d{2}){3}(?![\d])")
_STREET = re.compile(r"^\s*(?P<name>[^\d,]+?)\s*(?P<number>\d+\s*[a-zA-Z]?)\b")


def fold(text: str) -> str:
    """Lower case without accents, with æ, ø and å spelled ae, oe and aa."""
    lowered = text.lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[tuple[str, str]]:
    """The text's words as (folded, as written)."""
    return [(fold(m.group()), m.group()) for m in _WORD.finditer(text)]


def _stems(word: str) -> set[str]:
    """A name word and, when it is itself definite, its indefinite form."""
    stems = {word}
    if len(word) >= 6:
        for ending in _DEFINITE_ENDINGS:
            if word.endswith(ending):
                stems.add(word[: -len(ending)])
        if word.endswith(("en", "et")):
            stems.add(word[:-1])  # "reden" → "rede"
    return stems


def _is_generic(word: str) -> bool:
    if len(word) < 2 or word.isdigit():
        return True
    return any(word == stop + suffix for stop in STOP_WORDS for suffix in _SUFFIXES)


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    for prefix in ("0045", "45"):
        if len(digits) == 8 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


@dataclass(frozen=True)
class Identifiers:
    """What names one or more places, ready for ``found``. Combine two with ``|``."""

    words: frozenset[str] = field(default_factory=frozenset)  # folded stems of names
    plain_words: frozenset[str] = field(default_factory=frozenset)  # people's and towns'
    streets: frozenset[tuple[tuple[str, ...], str]] = field(default_factory=frozenset)
    postcodes: frozenset[str] = field(default_factory=frozenset)
    phones: frozenset[str] = field(default_factory=frozenset)  # eight digits
    emails: frozenset[str] = field(default_factory=frozenset)  # lower case

    def __or__(self, other: Identifiers) -> Identifiers:
        return Identifiers(
            self.words | other.words,
            self.plain_words | other.plain_words,
            self.streets | other.streets,
            self.postcodes | other.postcodes,
            self.phones | other.phones,
            self.emails | other.emails,
        )

    def __bool__(self) -> bool:
        return bool(
            self.words
            or self.plain_words
            or self.streets
            or self.postcodes
            or self.phones
            or self.emails
        )


def identifiers(
    *,
    names: Iterable[str] = (),
    people: Iterable[str] = (),
    streets: Iterable[str] = (),
    postcodes: Iterable[str] = (),
    towns: Iterable[str] = (),
    phones: Iterable[str] = (),
    emails: Iterable[str] = (),
) -> Identifiers:
    """The identifiers of a place: every distinctive word of its names, people and town.

    ``names`` are the place's, its department's and its provider's names; ``people`` its
    contact persons; ``streets`` addresses such as "Skovvej 12, 1. th." (the street is
    protected together with its number: a street name alone is found in many towns).
    """
    words: set[str] = set()
    for text in names:
        for folded, _written in _words(text or ""):
            if not _is_generic(folded):
                words |= _stems(folded)
    plain = {
        folded
        for text in (*people, *towns)
        for folded, _written in _words(text or "")
        if not _is_generic(folded)
    }
    street_set: set[tuple[tuple[str, ...], str]] = set()
    for street in streets:
        match = _STREET.match(street or "")
        if match:
            name = tuple(folded for folded, _written in _words(match.group("name")))
            number = re.sub(r"\D", "", match.group("number"))
            if name:
                street_set.add((name, number))
    codes = {c.strip() for c in postcodes if c and re.fullmatch(r"\d{4}", c.strip())}
    phone_set = {_phone_digits(p) for p in phones if p}
    return Identifiers(
        words=frozenset(words),
        plain_words=frozenset(plain),
        streets=frozenset(street_set),
        postcodes=frozenset(codes),
        phones=frozenset(p for p in phone_set if len(p) == 8),
        emails=frozenset(e.strip().lower() for e in emails if e and "@" in e),
    )


def _word_matches(folded: str, stems: frozenset[str], suffixes: tuple[str, ...]) -> bool:
    return any(
        folded[: len(folded) - len(suffix)] in stems
        for suffix in suffixes
        if folded.endswith(suffix) and len(folded) > len(suffix)
    )


def found(text: str, ids: Identifiers) -> list[str]:
    """The words of ``text`` that name a place in ``ids``, as written, first occurrence first."""
    if not text or not ids:
        return []
    hits: list[tuple[int, str]] = []
    for email in ids.emails:
        pattern = re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-])", re.IGNORECASE)
        hits += [(m.start(), m.group()) for m in pattern.finditer(text)]
    for m in _PHONE.finditer(text):
        if _phone_digits(m.group()) in ids.phones:
            hits.append((m.start(), m.group()))
    tokens = [(m.start(), fold(m.group()), m.group()) for m in _WORD.finditer(text)]
    for index, (start, folded, written) in enumerate(tokens):
        if (
            folded in ids.postcodes
            or _word_matches(folded, ids.words, _SUFFIXES)
            or _word_matches(folded, ids.plain_words, _GENITIVE)
        ):
            hits.append((start, written))
        for name, number in ids.streets:
            end = index + len(name)
            if (
                end < len(tokens)
                and tuple(t[1] for t in tokens[index:end]) == name
                and re.sub(r"\D.*", "", tokens[end][1]) == number
            ):
                hits.append((start, text[start : tokens[end][0] + len(tokens[end][2])]))
    seen: set[str] = set()
    result = []
    for _start, word in sorted(hits):
        if word.lower() not in seen:
            seen.add(word.lower())
            result.append(word)
    return result
