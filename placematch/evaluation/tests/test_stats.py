# SPDX-License-Identifier: MPL-2.0
"""The figures from rows, as tables of small cases: counts, suppression, splits and charts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from placematch.evaluation import chart, stats
from placematch.evaluation.fabricate import fabricate, row


def _year(year: int, count: int, kind: str = "new", start: int = 0) -> list:
    day = datetime.date(year, 5, 1)
    return [row(start + i, started_on=day, kind=kind) for i in range(count)]


def test_started_counts_children_under_18_by_year_and_kind_and_checks_the_threshold():
    rows = _year(2024, 25) + _year(2025, 20) + _year(2025, 7, "change", 100)
    rows.append(row(999, started_on=datetime.date(2025, 6, 1), age_at_start=18))  # not counted
    started = stats.started(rows)
    assert started.years == (2024, 2025)
    assert [c.text for c in started.table.cells[1]] == ["20", "7", "0"]
    assert [c.text for c in started.table.row_totals] == ["25", "27"]
    assert started.meets_threshold == (True, True)
    assert stats.started(_year(2025, 24)).meets_threshold == (False,)


def test_a_cell_of_three_shows_under_five_and_neither_total_nor_chart_reveals_it():
    rows = _year(2024, 12) + _year(2024, 3, "change", 50) + _year(2025, 9, "change", 80)
    started = stats.started(rows)
    change_2024 = started.table.cells[0][1]
    assert change_2024.text == "< 5"
    assert started.table.row_totals[0].hidden and started.table.column_totals[1].hidden
    svg = str(chart.started_chart(started).svg)
    assert "&lt; 5" in svg and ">15<" not in svg and ">3<" not in svg
    assert "<title" in svg and "<desc" in svg


@pytest.mark.parametrize(
    ("name", "labels"),
    [("top3", {"Yes", "No"}), ("age_band", {"6-11", "12-14"}), ("high_needs", {"1", "3+"})],
)
def test_splits_group_the_placements(name, labels, settings):
    settings.LANGUAGE_CODE = "en"
    rows = [
        row(i, top3=i % 2 == 0, age_at_start=8 if i < 10 else 13, high_needs=1 if i % 3 else 4)
        for i in range(20)
    ]
    with_labels = stats.split(rows, name)[1]
    assert {g.label for g in with_labels} == labels
    assert sum(g.placements.value for g in with_labels) == 20


def test_an_unknown_split_is_refused():
    with pytest.raises(stats.UnknownSplitError):
        stats.split([row()], "postcode")


def test_first_year_rate_is_hidden_when_its_breakdowns_are_few():
    rows = [row(i, breakdown=i < 3, observed_days=100 if i < 3 else 500) for i in range(30)]
    stability = stats.stability(rows)
    assert stability.breakdowns.text == "< 5" and stability.first_year is None
    rows = [row(i, breakdown=i < 6, observed_days=100 if i < 6 else 500) for i in range(30)]
    rate = stats.stability(rows).first_year
    assert rate is not None and rate.value == pytest.approx(6 / 30)


def test_the_engine_page_has_bands_concordance_and_groups_for_fairness():
    engine = stats.engine(fabricate(400))
    assert len(engine.bands) == 4
    assert engine.concordance is not None and 0.5 < engine.concordance.value < 1
    assert [label for label, _groups in engine.fairness] == [
        str(v[0]) for v in stats.FAIRNESS.values()
    ]


@translation.override("en")
def test_fidelity_shares_count_what_was_done_of_what_was_due():
    rows = [
        row(i, child_conversation=i < 14, followups_due=2, followups_on_time=1) for i in range(20)
    ]
    shares = {s.label: s for s in stats.fidelity(rows)}
    conversation = shares["Conversation with the child before the decision"]
    assert (conversation.done.text, conversation.of.text, conversation.share) == ("14", "20", 0.7)
    followups = shares["Follow-ups held on time"]
    assert (followups.done.value, followups.of.value, followups.share) == (20, 40, 0.5)
    # Three of 20 without a plan on time: the share would reveal them, so it is hidden.
    late = [row(i, plan_on_time=i >= 3) for i in range(20)]
    plan = next(
        s for s in stats.fidelity(late) if s.label == "The child's plan made by its deadline (§ 91)"
    )
    assert plan.share is None and plan.of.hidden
    svg = str(chart.fidelity_chart(tuple(shares.values())).svg)
    assert "70 %" in svg


def test_concordance_needs_five_breakdowns_to_be_shown():
    few = [row(i, breakdown=i < 4, observed_days=50 + i, engine_score=float(i)) for i in range(40)]
    assert stats.engine(few).concordance is None
    more = [row(i, breakdown=i < 6, observed_days=50 + i, engine_score=float(i)) for i in range(40)]
    shown = stats.engine(more).concordance
    # Every breakdown came sooner than every later placement and had a lower score.
    assert shown is not None and shown.value == 1.0
