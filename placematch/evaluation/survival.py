# SPDX-License-Identifier: MPL-2.0
"""evaluation: Kaplan-Meier estimates (SciPy) and Harrell's concordance with its interval.

The estimator and its Greenwood interval are SciPy's (``scipy.stats.ecdf`` on right-censored
data, the log-log interval, which stays within 0 and 1; docs/adr/0019). The concordance index
is counted here in O(n log n), so 15,000 placements take a fraction of a second; its
interval is the analytic one of Pencina and D'Agostino (Stat Med 2004;23:2109-23), which needs
no resampling; below 200 placements it is a bootstrap percentile interval with a fixed seed.
"""

from __future__ import annotations

import math
import warnings
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

import numpy as np
from scipy.stats import CensoredData, ecdf

Z95 = 1.959963984540054
YEAR_DAYS = 365
# Below this many placements the analytic interval is unreliable (it can shrink to nothing):
# the interval is then the bootstrap's, with a fixed seed so a page always shows the same.
BOOTSTRAP_BELOW = 200
BOOTSTRAP_DRAWS = 300
BOOTSTRAP_SEED = 2024


@dataclass(frozen=True, slots=True)
class Estimate:
    """A proportion with its 95 % interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Curve:
    """The Kaplan-Meier survival function: steps at event times, with the interval at each."""

    times: tuple[float, ...]
    survival: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]

    def at(self, t: float) -> Estimate:
        """S(t) with its interval: the last step at or before ``t``."""
        i = int(np.searchsorted(np.asarray(self.times), t, side="right")) - 1
        if i < 0:
            return Estimate(1.0, 1.0, 1.0)
        return Estimate(self.survival[i], self.low[i], self.high[i])


def kaplan_meier(times: np.ndarray, events: np.ndarray) -> Curve:
    """Survival over time from times (any unit) and event flags; censored where not an event."""
    times = np.asarray(times, dtype=float)
    events = np.asarray(events, dtype=bool)
    if not events.any():
        return Curve((), (), (), ())
    data = CensoredData(uncensored=times[events], right=times[~events])
    sf = ecdf(data).sf
    with warnings.catch_warnings():
        # Undefined where S(t) is 1 or 0; those points get the bounds 0 and 1 below.
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = sf.confidence_interval(0.95, method="log-log")
    at = np.asarray(sf.quantiles)
    low = np.nan_to_num(ci.low.evaluate(at), nan=0.0)
    high = np.nan_to_num(ci.high.evaluate(at), nan=1.0)
    steps = np.asarray(sf.probabilities)
    # Keep only the steps: the estimate changes at event times, not at censored times.
    keep = np.isin(at, times[events])
    return Curve(
        tuple(at[keep].tolist()),
        tuple(steps[keep].tolist()),
        tuple(low[keep].tolist()),
        tuple(high[keep].tolist()),
    )


def first_year_rate(times: np.ndarray, events: np.ndarray) -> Estimate | None:
    """The share broken down within a year (1 - S(365 days)) with its interval."""
    if len(times) == 0:
        return None
    s = kaplan_meier(times, events).at(YEAR_DAYS)
    return Estimate(1 - s.value, 1 - s.high, 1 - s.low)


@dataclass(frozen=True, slots=True)
class Concordance:
    """Harrell's C: how often the placement with the higher score lasted longer."""

    value: float
    low: float
    high: float
    pairs: int


def _pair_counts(s: np.ndarray, t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concordant and discordant pairs per placement (ties a half), in O(n log n).

    A pair (i, j) is comparable when i broke down and t_j > t_i; it is concordant when
    s_j > s_i. Two passes over the times with a sorted list of scores count both ends.
    """
    n = len(s)
    conc = [0.0] * n
    disc = [0.0] * n
    score = s.tolist()  # plain floats: indexing a NumPy array in a loop is slow
    event = e.tolist()
    order = np.argsort(t, kind="stable")
    bounds = np.flatnonzero(np.diff(t[order])) + 1
    groups = [g.tolist() for g in np.split(order, bounds)]
    later: list[float] = []  # scores of placements with a longer time than the group's
    for group in reversed(groups):
        for i in group:
            if event[i]:
                x = score[i]
                lo, hi = bisect_left(later, x), bisect_right(later, x)
                conc[i] += len(later) - hi + 0.5 * (hi - lo)
                disc[i] += lo + 0.5 * (hi - lo)
        for i in group:
            insort(later, score[i])
    earlier: list[float] = []  # scores of breakdowns with a shorter time than the group's
    for group in groups:
        for j in group:
            x = score[j]
            lo, hi = bisect_left(earlier, x), bisect_right(earlier, x)
            conc[j] += lo + 0.5 * (hi - lo)
            disc[j] += len(earlier) - hi + 0.5 * (hi - lo)
        for i in group:
            if event[i]:
                insort(earlier, score[i])
    return np.array(conc), np.array(disc)


def concordance(scores: np.ndarray, times: np.ndarray, events: np.ndarray) -> Concordance | None:
    """C between a score (higher: expected to last longer) and the time to breakdown.

    A pair is comparable when one placement broke down before the other's time ended; it is
    concordant when that one had the lower score; equal scores count a half.
    """
    s = np.asarray(scores, dtype=float)
    t = np.asarray(times, dtype=float)
    e = np.asarray(events, dtype=bool)
    n = len(s)
    if n < 3:
        return None
    conc, disc = _pair_counts(s, t, e)
    if conc.sum() + disc.sum() == 0:
        return None
    value = float(conc.sum() / (conc.sum() + disc.sum()))
    pairs = round(float(conc.sum() + disc.sum()) / 2)
    if n < BOOTSTRAP_BELOW:
        low, high = _bootstrap(s, t, e)
        return Concordance(value, min(low, value), max(high, value), pairs)
    # Pencina & D'Agostino (2004), eq. 3-4: U-statistic variance from per-placement counts.
    m1, m2 = n * (n - 1), n * (n - 1) * (n - 2)
    pc, pd = conc.sum() / m1, disc.sum() / m1
    pcc = (conc * (conc - 1)).sum() / m2
    pdd = (disc * (disc - 1)).sum() / m2
    pcd = (conc * disc).sum() / m2
    var = float(4 * (pd**2 * pcc - 2 * pc * pd * pcd + pc**2 * pdd) / (pc + pd) ** 4 / n)
    half = Z95 * math.sqrt(max(var, 0.0))
    return Concordance(value, max(0.0, value - half), min(1.0, value + half), pairs)


def _bootstrap(s: np.ndarray, t: np.ndarray, e: np.ndarray) -> tuple[float, float]:
    """The 2.5 and 97.5 percentiles of C over resampled placements (a fixed seed)."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    values = []
    for _draw in range(BOOTSTRAP_DRAWS):
        pick = rng.integers(0, len(s), len(s))
        ss, tt, ee = s[pick], t[pick], e[pick]
        # Small n: the whole pair matrix at once is faster than the sorted passes.
        comparable = ee[:, None] & (tt[None, :] > tt[:, None])
        pairs = comparable.sum()
        if pairs:
            higher = (comparable & (ss[None, :] > ss[:, None])).sum()
            tied = (comparable & (ss[None, :] == ss[:, None])).sum()
            values.append((higher + 0.5 * tied) / pairs)
    if not values:
        return 0.0, 1.0
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)
