# SPDX-License-Identifier: MPL-2.0
"""The Kaplan-Meier estimate and its interval against a textbook example, and hand counts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from placematch.evaluation.survival import Z95, concordance, first_year_rate, kaplan_meier

# Freireich et al. (1963), the 6-MP group: weeks in remission, 0 = censored (21 patients).
WEEKS = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
RELAPSE = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
# Kleinbaum & Klein, Survival Analysis: A Self-Learning Text (3rd ed., 2012), chapter 2,
# the Kaplan-Meier table for group 1 (6-MP), printed to four decimals.
PRINTED_KM = {6: 0.8571, 7: 0.8067, 10: 0.7529, 13: 0.6902, 16: 0.6275, 22: 0.5378, 23: 0.4482}
# Klein & Moeschberger, Survival Analysis (2nd ed., 2003), section 4.2, the same group:
# Greenwood's standard errors, printed to three decimals.
PRINTED_SE = {6: 0.076, 7: 0.087, 10: 0.096, 13: 0.107, 16: 0.114, 22: 0.128, 23: 0.135}


def test_kaplan_meier_equals_the_textbook_to_the_printed_precision():
    curve = kaplan_meier(np.array(WEEKS), np.array(RELAPSE, dtype=bool))
    assert curve.times == tuple(float(t) for t in PRINTED_KM)
    for week, printed in PRINTED_KM.items():
        assert round(curve.at(week).value, 4) == printed
    # Between steps the estimate holds: 9 and 11 weeks are censored times.
    assert curve.at(9).value == curve.at(7).value
    assert curve.at(5).value == 1.0


def test_the_interval_is_the_log_log_interval_on_greenwoods_printed_errors():
    curve = kaplan_meier(np.array(WEEKS), np.array(RELAPSE, dtype=bool))
    for week, se in PRINTED_SE.items():
        est = curve.at(week)
        # The log-log ("log-transformed") interval of Klein & Moeschberger, eq. 4.3.2.
        theta = math.exp(Z95 * (se / est.value) / math.log(est.value))
        assert round(est.low, 2) == round(est.value ** (1 / theta), 2)
        assert round(est.high, 2) == round(est.value**theta, 2)
        assert est.low < est.value < est.high


def test_first_year_rate_equals_a_hand_count_with_censoring():
    # Days and breakdowns: censored at 50 (home), breakdown at 100, censored at 200 (at 18),
    # breakdown at 300, censored at 400 (still placed), breakdown at 500 (after the year).
    days = np.array([50, 100, 200, 300, 400, 500])
    broke = np.array([0, 1, 0, 1, 0, 1], dtype=bool)
    rate = first_year_rate(days, broke)
    assert rate is not None
    # By hand: 5 at risk at day 100, S = 4/5; 3 at risk at day 300, S = 4/5 * 2/3 = 8/15.
    # Broken down within a year: 1 - 8/15 = 7/15, not the naive 2 of 6.
    assert rate.value == pytest.approx(7 / 15)
    assert 0 <= rate.low < rate.value < rate.high <= 1


def test_concordance_equals_a_hand_count():
    # A broke down first with the lowest score; B broke down next, scored below D, above C.
    scores = np.array([1.0, 3.0, 2.0, 4.0])
    days = np.array([1, 2, 3, 4])
    broke = np.array([1, 1, 0, 0], dtype=bool)
    c = concordance(scores, days, broke)
    assert c is not None
    # Comparable pairs: A-B, A-C, A-D (all concordant), B-C (discordant), B-D (concordant).
    assert c.pairs == 5
    assert c.value == pytest.approx(4 / 5)
    assert c.low <= c.value <= c.high


def test_concordance_counts_equal_scores_as_a_half_and_needs_a_breakdown():
    days = np.array([1, 2, 3])
    assert concordance(np.array([2.0, 2.0, 2.0]), days, np.array([1, 0, 0], bool)).value == 0.5
    assert concordance(np.array([1.0, 2.0, 3.0]), days, np.zeros(3, bool)) is None
