# SPDX-License-Identifier: MPL-2.0
"""The export's rules as tables: k-anonymity on crafted rows, keyed pseudonyms, the period."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest

from placematch.evaluation import pseudonym
from placematch.evaluation.anonymity import HIDDEN, K, Quasi, k_anonymise
from placematch.evaluation.export import Month, period_errors

FAMILY, NETWORK, INSTITUTION = (
    "foster_family_general", "foster_family_network", "residential_institution"
)  # fmt: skip


def crowd(n: int, age: int, sex: str, place: str, start: int = 0) -> list[tuple[str, Quasi]]:
    """``n`` children (keys start, start+1, …) alike on every quasi-identifier."""
    return [(f"c{start + i}", Quasi(age, sex, place, "101")) for i in range(n)]


def groups_of(rows: list[tuple[str, Quasi]]) -> tuple[dict[object, set[str]], object]:
    children, quasis = zip(*rows, strict=True)
    result = k_anonymise(list(children), list(quasis))
    groups: dict[object, set[str]] = defaultdict(set)
    for i in result.kept:
        groups[result.values[i]].add(children[i])
    return groups, result


# (rows, level taken, rows suppressed): each case is one situation a municipality meets.
CASES = {
    "large groups need nothing": (
        crowd(5, 8, "girl", FAMILY) + crowd(6, 15, "boy", INSTITUTION, 10), 0, 0,
    ),
    "ages 7 and 11 join in the band 6-11": (
        crowd(3, 7, "girl", FAMILY) + crowd(3, 11, "girl", FAMILY, 10), 1, 0,
    ),
    "foster family kinds join as family care": (
        crowd(3, 8, "boy", FAMILY) + crowd(2, 9, "boy", NETWORK, 10)
        + crowd(20, 15, "girl", INSTITUTION, 20), 2, 0,
    ),
    "a lone child among many is suppressed, not everyone generalised": (
        crowd(40, 8, "girl", FAMILY) + crowd(40, 15, "boy", INSTITUTION, 100)
        + crowd(1, 3, "other", "secure_unit", 200), 0, 1,
    ),
    "five rows of one child are not a group of five": (
        [("same", Quasi(8, "girl", FAMILY, "101"))] * 5 + crowd(5, 15, "boy", INSTITUTION, 10),
        0, 5,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_k_anonymity_leaves_no_group_under_five_children(name):
    rows, level, suppressed = CASES[name]
    groups, result = groups_of(rows)
    assert (result.level.number, len(result.suppressed)) == (level, suppressed), name
    assert all(len(members) >= K for members in groups.values()), groups
    assert result.smallest_group == min((len(m) for m in groups.values()), default=0)


def test_generalisation_widens_ages_then_coarsens_places_then_hides_sex():
    from placematch.evaluation.anonymity import LADDER

    child = Quasi(7, "girl", NETWORK, "101")
    shown = [
        (v.age_band, v.place_type, v.sex) for v in (level.generalise(child) for level in LADDER)
    ]
    assert shown == [
        ("6-9", NETWORK, "girl"),
        ("6-11", NETWORK, "girl"),
        ("6-11", "family_care", "girl"),
        ("0-11", "family_care", "girl"),
        ("0-17", "family_care", "girl"),
        ("0-17", "family_care", HIDDEN),
    ]
    assert LADDER[0].age_band(19) == "18+"


def test_pseudonyms_are_stable_per_recipient_and_differ_between_recipients():
    secret = b"a-municipality-secret-of-32-chars!"
    vive, other = pseudonym.recipient_key(secret, "vive"), pseudonym.recipient_key(secret, "dst")
    assert pseudonym.pseudonym(vive, "child", 17) == pseudonym.pseudonym(vive, "child", 17)
    assert pseudonym.pseudonym(vive, "child", 17) != pseudonym.pseudonym(other, "child", 17)
    assert pseudonym.pseudonym(vive, "child", 17) != pseudonym.pseudonym(vive, "child", 18)
    # Another municipality's secret gives other pseudonyms for the same recipient code.
    elsewhere = pseudonym.recipient_key(b"another-secret-of-at-least-32-chars", "vive")
    assert pseudonym.pseudonym(vive, "child", 17) != pseudonym.pseudonym(elsewhere, "child", 17)
    assert len(pseudonym.pseudonym(vive, "child", 17)) == 32


def test_production_without_a_secret_refuses(settings):
    settings.EXPORT_SECRETS = {"101": "x" * 32}
    settings.EXPORT_DEVELOPMENT_SECRET = ""
    assert pseudonym.municipality_secret("101") == b"x" * 32
    with pytest.raises(pseudonym.MissingSecretError):
        pseudonym.municipality_secret("147")


TODAY = datetime.date(2026, 3, 15)
PERIODS = {
    ("2025-01", "2025-12"): [],
    ("2026-03", "2026-03"): [],
    ("2026-01", "2026-04"): ["last"],
    ("2026-04", "2026-05"): ["first", "last"],
    ("2025-06", "2025-01"): ["last"],
}


@pytest.mark.parametrize(("first", "last"), PERIODS)
def test_period_rules(first, last):
    errors = period_errors(Month.parse(first), Month.parse(last), TODAY)
    assert [name for name, _message in errors] == PERIODS[(first, last)]


@pytest.mark.parametrize("text", ["2025-1", "25-01", "2025-13", "2025-00", "２０２５-01", "x"])
def test_a_month_is_year_dash_month(text):
    assert Month.parse(text) is None
