# SPDX-License-Identifier: MPL-2.0
"""evaluation: the pages' charts, drawn as server-side SVG (docs/adr/0020).

Colours are the Okabe-Ito palette, safe for colour blindness, picked so neighbours also differ
in lightness (readable in grey and printed); every series is also named in a legend, and every
chart has a title, a description and the same numbers in a table on the page. A count hidden by
the small-number rule is drawn as a dashed outline labelled "< 5", never as its true size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from placematch.evaluation import suppress
from placematch.evaluation.stats import Share, Started, SurveyGroup
from placematch.evaluation.survival import Curve

# Okabe-Ito: dark blue, orange, bluish green, vermilion; then grey for text and axes.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00")
INK = "#1a1a1a"
GRID = "#bdbdbd"


def _n(value: float) -> str:
    return f"{value:.1f}"


def _text(x: float, y: float, content: object, anchor: str = "start") -> str:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" fill="{}" font-size="12">{}</text>',
        _n(x), _n(y), anchor, INK, content,
    )  # fmt: skip


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    """A bar; ``extra`` is a fixed attribute string from this module, never user text."""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" {}/>',
        _n(x), _n(y), _n(w), _n(h), fill, SafeString(extra),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: the ids tie the SVG to its title and description for screen readers."""

    key: str
    title: str
    description: str
    svg: SafeString


def _svg(key: str, width: int, height: int, title: str, desc: str, body: str) -> SafeString:
    # ``body`` is made only of format_html pieces of this module, so it is already escaped.
    drawn = SafeString(body)
    return format_html(
        '<svg class="eval-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{k}-t {k}-d" preserveAspectRatio="xMinYMin meet">'
        '<title id="{k}-t">{t}</title><desc id="{k}-d">{d}</desc>{b}</svg>',
        w=width,
        h=height,
        k=key,
        t=title,
        d=desc,
        b=drawn,
    )


def _legend(labels: Sequence[str], x: int, y: int) -> str:
    parts = []
    for i, label in enumerate(labels):
        dx = x + i * 180
        parts.append(
            _rect(dx, y, 12, 12, PALETTE[i % len(PALETTE)]) + _text(dx + 16, y + 10, label)
        )
    return "".join(parts)


def _line(x1: float, x2: float, y1: float, y2: float, colour: str) -> str:
    return format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>',
        _n(x1), _n(x2), _n(y1), _n(y2), colour,
    )  # fmt: skip


def started_chart(started: Started) -> Chart:
    """Started placements per year, a bar per kind."""
    title = _("Started placements per year, by kind")
    desc = _(
        "Bars per year for new placements, changes of place and re-placements, children under "
        "18. Counts under 5 are drawn as a dashed outline."
    )
    years, kinds = started.years, started.kinds
    top = max([c.value for row in started.table.cells for c in row if not c.hidden] + [5])
    width, height, left, plot_h = 640, 260, 40, 170
    group_w = (width - left - 10) / max(len(years), 1)
    bar_w = min(40.0, (group_w - 20) / max(len(kinds), 1))
    body = [_line(left, width - 10, 20 + plot_h, 20 + plot_h, INK)]
    for i, year in enumerate(years):
        gx = left + i * group_w + 10
        for j, c in enumerate(started.table.cells[i]):
            h = plot_h * (suppress.THRESHOLD if c.hidden else c.value) / top
            x, y = gx + j * bar_w, 20 + plot_h - h
            if c.hidden:
                outline = f'stroke="{PALETTE[j]}" stroke-dasharray="4 3"'
                body.append(_rect(x + 1, y, bar_w - 2, h, "none", outline))
            else:
                body.append(_rect(x + 1, y, bar_w - 2, h, PALETTE[j]))
            body.append(_text(x + bar_w / 2, y - 4, c.text, "middle"))
        body.append(_text(gx + bar_w * len(kinds) / 2, 20 + plot_h + 16, year, "middle"))
    body.append(_legend(kinds, left, height - 18))
    return Chart("started", title, desc, _svg("started", width, height, title, desc, "".join(body)))


def survival_chart(curve: Curve, months: int = 36) -> Chart:
    """The Kaplan-Meier curve: share still in the placement, with its 95 % interval as a band."""
    title = _("Placements that have not broken down, over time")
    desc = _(
        "A falling step line from 100 % at the start; the shaded band is the 95 % confidence "
        "interval. The line stops where fewer than 5 placements remain in view."
    )
    width, height, left, top, plot_w, plot_h = 640, 280, 50, 16, 570, 220
    span = max([months, *[int(t) + 1 for t in curve.times]])

    def px(t: float) -> float:
        return left + plot_w * min(t, span) / span

    def py(s: float) -> float:
        return top + plot_h * (1 - s)

    body = []
    for s in (0, 0.25, 0.5, 0.75, 1):
        body.append(_line(left, left + plot_w, py(s), py(s), GRID))
        body.append(_text(left - 4, py(s) + 4, f"{int(s * 100)} %", "end"))
    for m in range(0, span + 1, 6):
        body.append(_text(px(m), top + plot_h + 16, m, "middle"))
    body.append(_text(left + plot_w / 2, height - 4, _("Months since the start"), "middle"))
    # Steps: from 100 % at 0, down at each breakdown; the band follows the same steps.
    xs = [0.0, *curve.times]
    ss, lows, highs = [1.0, *curve.survival], [1.0, *curve.low], [1.0, *curve.high]
    end = xs[-1] if curve.times else float(span)
    line, upper, lower = [], [], []
    for i, x in enumerate(xs):
        nxt = xs[i + 1] if i + 1 < len(xs) else end
        line += [(px(x), py(ss[i])), (px(nxt), py(ss[i]))]
        upper += [(px(x), py(highs[i])), (px(nxt), py(highs[i]))]
        lower += [(px(x), py(lows[i])), (px(nxt), py(lows[i]))]
    band = " ".join(f"{x:.1f},{y:.1f}" for x, y in upper + lower[::-1])
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
    body.append(
        format_html('<polygon points="{}" fill="{}" fill-opacity="0.25"/>', band, PALETTE[0])
    )
    body.append(
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>', points, INK
        )
    )
    return Chart(
        "survival", title, desc, _svg("survival", width, height, title, desc, "".join(body))
    )


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def fidelity_chart(shares: Sequence[Share]) -> Chart:
    """Horizontal bars of shares from 0 to 100 %; a hidden share is written, not drawn."""
    title = _("Fidelity to the model")
    desc = _(
        "One bar per practice of the model: the share of placements, inquiries, follow-ups or "
        "visits where it was done. A dash: too few to show."
    )
    width, left, bar_h, gap = 640, 330, 18, 10
    height = 20 + len(shares) * (bar_h + gap)
    plot_w = width - left - 60
    body = []
    for i, share in enumerate(shares):
        y = 10 + i * (bar_h + gap)
        body.append(_text(left - 6, y + 13, share.label, "end"))
        body.append(_rect(left, y, plot_w, bar_h, "none", f'stroke="{GRID}"'))
        if share.share is not None:
            body.append(_rect(left, y, plot_w * share.share, bar_h, PALETTE[0]))
        body.append(_text(left + plot_w + 6, y + 13, percent(share.share)))
    return Chart(
        "fidelity", title, desc, _svg("fidelity", width, height, title, desc, "".join(body))
    )


def survey_chart(ratings: Sequence[str], groups: Sequence[SurveyGroup]) -> Chart:
    """Stacked bars of ratings per group and month; a row with a hidden count is not drawn."""
    title = _("Survey answers after 1, 3, 6 and 12 months")
    desc = _(
        "One bar per respondent group and survey month, split into good, both good and bad, "
        "and not good. Rows with counts under 5 are not drawn."
    )
    width, left, bar_h, gap = 640, 200, 18, 10
    height = 20 + len(groups) * (bar_h + gap) + 30
    plot_w = width - left - 20
    body = []
    for i, g in enumerate(groups):
        y = 10 + i * (bar_h + gap)
        label = _("%(who)s, %(month)s mo.") % {"who": g.respondent, "month": g.month}
        body.append(_text(left - 6, y + 13, label, "end"))
        cells, total = g.table.cells[0], g.table.total.value
        if any(c.hidden for c in cells) or total == 0:
            body.append(_text(left, y + 13, _("Too few answers to draw")))
            continue
        x = float(left)
        for j, c in enumerate(cells):
            w = plot_w * c.value / total
            body.append(_rect(x, y, w, bar_h, PALETTE[j], 'stroke="#ffffff"'))
            x += w
    body.append(_legend(ratings, left, height - 20))
    return Chart("surveys", title, desc, _svg("surveys", width, height, title, desc, "".join(body)))
