# SPDX-License-Identifier: MPL-2.0
"""evaluation: the figures of the pages, from dataset rows, suppressed for small numbers.

Every function takes the rows of ``dataset.py`` and returns typed figures whose counts are
``suppress.Cell``s; a rate built on a hidden count is ``None`` (shown as a dash).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matchengine.vocab import CaseType, Gender, PlaceType
from placematch.core.codes import label_of
from placematch.evaluation import suppress
from placematch.evaluation.dataset import AGE_BANDS, UNKNOWN, PlacementRow, SurveyRow
from placematch.evaluation.survival import (
    Concordance,
    Curve,
    Estimate,
    concordance,
    first_year_rate,
    kaplan_meier,
)
from placematch.followup.models_voice import Respondent, VoiceRating
from placematch.preparation.models import StartedKind

SEED_THRESHOLD = 25  # seed 003: at least 25 started placements in a year to take part
MONTH_DAYS = 365.25 / 12
TABLE_MONTHS = (3, 6, 12, 24, 36)


class UnknownSplitError(ValueError):
    """A split the evaluation does not know."""


# ---- started placements ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Started:
    kinds: tuple[str, ...]  # labels
    years: tuple[int, ...]
    table: suppress.Table  # years x kinds
    meets_threshold: tuple[bool, ...]  # per year: at least 25 under-18 started placements
    months: tuple[str, ...]
    month_table: suppress.Table  # months of ``month_year`` x kinds
    month_year: int | None


def started(rows: Sequence[PlacementRow], year: int | None = None) -> Started:
    """Started placements of children under 18 by year and by month, per kind (seed 003)."""
    young = [r for r in rows if r.under_18]
    kinds = [k.value for k in StartedKind]
    years = sorted({r.start_year for r in young})
    by_year = Counter((r.start_year, r.kind) for r in young)
    counts = [[by_year[(y, k)] for k in kinds] for y in years]
    month_year = year if year is not None else (years[-1] if years else None)
    months = [f"{month_year}-{m:02d}" for m in range(1, 13)] if month_year else []
    by_month = Counter((r.start_month, r.kind) for r in young)
    month_counts = [[by_month[(m, k)] for k in kinds] for m in months]
    return Started(
        kinds=tuple(str(StartedKind(k).label) for k in kinds),
        years=tuple(years),
        table=suppress.table(counts) if counts else suppress.table([[0] * len(kinds)]),
        meets_threshold=tuple(sum(c) >= SEED_THRESHOLD for c in counts),
        months=tuple(months),
        month_table=suppress.table(month_counts or [[0] * len(kinds)]),
        month_year=month_year,
    )


# ---- stability ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RiskRow:
    month: int
    at_risk: suppress.Cell
    breakdowns: suppress.Cell  # breakdowns up to this month
    survival: Estimate | None


@dataclass(frozen=True, slots=True)
class Stability:
    placements: suppress.Cell
    breakdowns: suppress.Cell
    first_year: Estimate | None  # share broken down within a year, with its interval
    curve: Curve  # in months, drawn only while at least 5 are at risk
    table: tuple[RiskRow, ...]


def _arrays(rows: Sequence[PlacementRow]) -> tuple[np.ndarray, np.ndarray]:
    times = np.fromiter((r.observed_days for r in rows), dtype=float, count=len(rows))
    events = np.fromiter((r.breakdown for r in rows), dtype=bool, count=len(rows))
    return times, events


def _visible_curve(curve: Curve, times: np.ndarray) -> Curve:
    """The curve in months, cut where fewer than five placements remain at risk."""
    keep = [i for i, t in enumerate(curve.times) if (times >= t).sum() >= suppress.THRESHOLD]
    return Curve(
        tuple(curve.times[i] / MONTH_DAYS for i in keep),
        tuple(curve.survival[i] for i in keep),
        tuple(curve.low[i] for i in keep),
        tuple(curve.high[i] for i in keep),
    )


def _first_year(
    rows: Sequence[PlacementRow], times: np.ndarray, events: np.ndarray
) -> Estimate | None:
    within = sum(1 for r in rows if r.breakdown_within_year)
    if suppress.small(within) or suppress.small(len(rows)) or not len(rows):
        return None
    return first_year_rate(times, events)


def stability(rows: Sequence[PlacementRow]) -> Stability:
    times, events = _arrays(rows)
    curve = kaplan_meier(times, events)
    table = []
    for month in TABLE_MONTHS:
        day = month * MONTH_DAYS
        at_risk = int((times >= day).sum())
        broken = int((events & (times <= day)).sum())
        hidden = suppress.small(at_risk) or suppress.small(broken)
        table.append(
            RiskRow(
                month,
                suppress.cell(at_risk),
                suppress.cell(broken),
                None if hidden or at_risk == 0 else curve.at(day),
            )
        )
    return Stability(
        placements=suppress.cell(len(rows)),
        breakdowns=suppress.cell(int(events.sum())),
        first_year=_first_year(rows, times, events),
        curve=_visible_curve(curve, times),
        table=tuple(table),
    )


def _yes_no(value: object) -> str:
    if value is None:
        return str(_("Not known"))
    return str(_("Yes") if value else _("No"))


def _open_needs(key: object) -> str:
    if key is None:
        return str(_("Not known"))
    return str(_("Some left open") if key else _("None left open"))


def _support_key(r: PlacementRow) -> bool | None:
    return r.support_arrived if r.support_promised else None


def _sex(key: object) -> str:
    return str(_("Not recorded")) if key == UNKNOWN else label_of(Gender, str(key))


AGE_INDEX = {label: i for i, (label, _low, _high) in enumerate(AGE_BANDS)}
Key = Callable[[PlacementRow], object]
Name = Callable[[object], str]
# Each split: its heading, the raw key a row is grouped by, and the key's name on the page.
# Rows are grouped by raw keys and only the groups are named: naming 15,000 rows is slow.
SPLITS: dict[str, tuple[object, Key, Name]] = {
    "place_type": (
        gettext_lazy("Place type"), attrgetter("place_type"), lambda k: label_of(PlaceType, str(k))
    ),
    "case_kind": (
        gettext_lazy("Case kind"), attrgetter("case_kind"), lambda k: label_of(CaseType, str(k))
    ),
    "age_band": (
        gettext_lazy("Age at the start"), lambda r: AGE_INDEX[r.age_band],
        lambda k: AGE_BANDS[int(str(k))][0],
    ),
    "high_needs": (
        gettext_lazy("Number of high needs"), lambda r: min(r.high_needs, 3),
        lambda k: "3+" if k == 3 else str(k),
    ),
    "open_needs": (
        gettext_lazy("Needs left open in the gap matrix"),
        lambda r: None if r.open_needs is None else r.open_needs > 0, _open_needs,
    ),
    "support": (
        gettext_lazy("Promised support arrived (placements with support promised)"),
        _support_key, _yes_no,
    ),
    "wishes": (gettext_lazy("The child's wishes met"), attrgetter("wishes_met"), _yes_no),
    "top3": (gettext_lazy("Chosen place among the engine's top 3"), attrgetter("top3"), _yes_no),
}  # fmt: skip
FAIRNESS: dict[str, tuple[object, Key, Name]] = {
    "age_band": SPLITS["age_band"],
    "sex": (gettext_lazy("Sex"), attrgetter("sex"), _sex),
    "disability": (gettext_lazy("Disability"), attrgetter("disability"), _yes_no),
    "case_kind": SPLITS["case_kind"],
}


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    placements: suppress.Cell
    breakdowns: suppress.Cell  # within the first year
    first_year: Estimate | None
    concordance: Concordance | None = None


def _groups(rows: Sequence[PlacementRow], key: Key, name: Name) -> dict[str, list[PlacementRow]]:
    grouped: dict[object, list[PlacementRow]] = {}
    for r in rows:
        grouped.setdefault(key(r), []).append(r)
    ordered = sorted(grouped, key=lambda k: (k is None, str(k) if isinstance(k, str) else k))
    return {name(k): grouped[k] for k in ordered}


def _group_table(
    groups: dict[str, list[PlacementRow]], with_concordance: bool = False
) -> tuple[Group, ...]:
    """Placements and first-year breakdowns per group; each column suppressed with its total."""
    if not groups:
        return ()
    placed, _placed_total = suppress.column([len(g) for g in groups.values()])
    broken, _broken_total = suppress.column(
        [sum(1 for r in g if r.breakdown_within_year) for g in groups.values()]
    )
    out = []
    for i, (label, g) in enumerate(groups.items()):
        times, events = _arrays(g)
        hidden = broken[i].hidden or placed[i].hidden
        rate = None if hidden else _first_year(g, times, events)
        conc = _concordance(g) if with_concordance else None
        out.append(Group(label, placed[i], broken[i], rate, conc))
    return tuple(out)


def split(rows: Sequence[PlacementRow], name: str) -> tuple[str, tuple[Group, ...]]:
    """First-year breakdowns per group of one split; an unknown split is refused."""
    if name not in SPLITS:
        raise UnknownSplitError(name)
    label, key, names = SPLITS[name]
    return str(label), _group_table(_groups(rows, key, names))


# ---- the engine held to account ------------------------------------------------------------


def _concordance(rows: Sequence[PlacementRow]) -> Concordance | None:
    """C over the scored placements; None with fewer than 5 breakdowns, too few to read."""
    rows = [r for r in rows if r.engine_score is not None]
    times, events = _arrays(rows)
    if events.sum() < suppress.THRESHOLD:
        return None
    scores = np.fromiter((r.engine_score or 0.0 for r in rows), dtype=float, count=len(rows))
    return concordance(scores, times, events)


@dataclass(frozen=True, slots=True)
class Engine:
    scored: suppress.Cell
    bands: tuple[Group, ...]  # score bands (quartiles) with first-year breakdowns
    concordance: Concordance | None
    fairness: tuple[tuple[str, tuple[Group, ...]], ...]


def engine(rows: Sequence[PlacementRow]) -> Engine:
    """Score at decision against later stability; the same by age, sex, disability, case kind."""
    scored = [r for r in rows if r.engine_score is not None]
    bands: dict[str, list[PlacementRow]] = {}
    if scored:
        cuts = np.quantile([r.engine_score for r in scored], [0.25, 0.5, 0.75])
        names = (_("Lowest quarter"), _("Second quarter"), _("Third quarter"), _("Highest quarter"))
        for r in sorted(scored, key=lambda r: r.engine_score or 0.0):
            i = int(np.searchsorted(cuts, r.engine_score or 0.0, side="left"))
            bands.setdefault(f"{i + 1}. {names[i]}", []).append(r)
    fairness = tuple(
        (str(label), _group_table(_groups(scored, key, names), with_concordance=True))
        for label, key, names in FAIRNESS.values()
    )
    return Engine(
        scored=suppress.cell(len(scored)),
        bands=_group_table(dict(sorted(bands.items())), with_concordance=False),
        concordance=_concordance(scored),
        fairness=fairness,
    )


# ---- fidelity -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    label: str
    done: suppress.Cell
    of: suppress.Cell
    share: float | None


def _share(label: object, done: int, of: int) -> Share:
    cells = suppress.table([[done, of - done]])
    hidden = cells.cells[0][0].hidden or cells.row_totals[0].hidden or of == 0
    return Share(str(label), cells.cells[0][0], cells.row_totals[0], None if hidden else done / of)


def fidelity(rows: Sequence[PlacementRow]) -> tuple[Share, ...]:
    """Did we work the way seed 001 describes? One share per practice of the model."""
    n = len(rows)
    with_meetings = [r for r in rows if r.feedback_answered is not None]
    return (
        _share(
            _("Conversation with the child before the decision"),
            sum(r.child_conversation for r in rows),
            n,
        ),
        _share(
            _("The parents' views recorded before the decision"),
            sum(r.parents_views for r in rows),
            n,
        ),
        _share(_("Match meeting held before the decision"), sum(r.match_meeting for r in rows), n),
        _share(
            _("Inquiries answered within their deadline"),
            sum(r.inquiries_on_time for r in rows),
            sum(r.inquiries_sent for r in rows),
        ),
        _share(_("All four preparation steps done"), sum(r.preparation_steps for r in rows), n),
        _share(
            _("Feedback questions answered after every meeting"),
            sum(bool(r.feedback_answered) for r in with_meetings),
            len(with_meetings),
        ),
        _share(
            _("The child's plan made by its deadline (§ 91)"), sum(r.plan_on_time for r in rows), n
        ),
        _share(
            _("Follow-ups held on time"),
            sum(r.followups_on_time for r in rows),
            sum(r.followups_due for r in rows),
        ),
        _share(
            _("Supervision visits with a talk without staff"),
            sum(r.visits_talked_alone for r in rows),
            sum(r.visits for r in rows),
        ),
    )


# ---- surveys --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SurveyGroup:
    respondent: str
    month: int
    table: suppress.Table  # one row: good, mixed, bad


def surveys(rows: Iterable[SurveyRow]) -> tuple[tuple[str, ...], tuple[SurveyGroup, ...]]:
    """Ratings per respondent group and survey month (1, 3, 6, 12), every question together."""
    ratings = [v.value for v in VoiceRating]
    counts = Counter((r.respondent, r.survey_month, r.rating) for r in rows)
    keys = sorted({(resp, month) for resp, month, _rating in counts})
    out = tuple(
        SurveyGroup(
            str(Respondent(resp).label),
            month,
            suppress.table([[counts[(resp, month, rating)] for rating in ratings]]),
        )
        for resp, month in keys
    )
    return tuple(str(VoiceRating(v).label) for v in ratings), out
