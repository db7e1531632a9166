# SPDX-License-Identifier: MPL-2.0
"""evaluation: the pages (thin): read the period, build the rows, compute the figures, render.

Every page shows aggregates only, suppressed for small numbers; no figure names a child.
A bad period, an unknown split or a period with no placements answers 400 with the reason
on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role
from placematch.evaluation import chart, stats, suppress
from placematch.evaluation.dataset import PlacementRow, placement_rows, survey_rows
from placematch.evaluation.forms import PeriodForm

FIGURE_ROLES = (Role.TEAM_LEADER, Role.ANALYST)
Build = Callable[[PeriodForm, Sequence[PlacementRow]], dict[str, Any]]


def _pages(user: Any) -> list[tuple[str, str, str]]:
    """The evaluation's pages this user may open: (key, title, url)."""
    pages = [
        ("started", _("Started placements"), reverse("evaluation:started")),
        ("stability", _("Stability"), reverse("evaluation:stability")),
        ("engine", _("The engine held to account"), reverse("evaluation:engine")),
        ("fidelity", _("Fidelity to the model"), reverse("evaluation:fidelity")),
        ("surveys", _("Surveys"), reverse("evaluation:surveys")),
    ]
    if user.role == Role.CASEWORKER:
        return [p for p in pages if p[0] == "fidelity"]
    if user.role == Role.TEAM_LEADER:  # the export is the team leader's (export_views)
        pages.append(
            ("export", _("Export for the national evaluation"), reverse("evaluation:export"))
        )
    return pages


def _page(request: HttpRequest, key: str, build: Build, *, own_cases: bool = False) -> HttpResponse:
    user: Any = request.user
    pages = _pages(user)
    title = next(t for k, t, _u in pages if k == key)
    form = PeriodForm(request.GET)
    context: dict[str, Any] = {
        "key": key,
        "title": title,
        "pages": pages,
        "form": form,
        "own_cases": own_cases,
    }
    context["breadcrumbs"] = [(_("Evaluation"), ""), (title, "")]
    error = ""
    split = request.GET.get("split", "")
    if not form.is_valid():
        error = " ".join(str(m) for messages in form.errors.values() for m in messages)
    elif split and split not in stats.SPLITS:
        error = _("There is no split called “%(name)s”. Choose one from the list.") % {
            "name": split[:40]
        }
    else:
        start, end = form.bounds()
        rows = placement_rows(
            user.organisation_id,
            as_of=timezone.localdate(),
            started_from=start,
            started_until=end,
            caseworker_id=user.pk if own_cases else None,
        )
        context["as_of"] = timezone.localdate()
        context["count"] = len(rows)
        context["count_hidden"] = suppress.small(len(rows))  # the headline is a count too
        if not rows and form.chosen:
            error = _("No placement started in the period you chose. Choose another period.")
        elif not rows:
            context["empty"] = True
        else:
            context.update(build(form, rows))
    context["error"] = error
    return render(request, f"evaluation/{key}.html", context, status=400 if error else 200)


def _started(form: PeriodForm, rows: Sequence[PlacementRow]) -> dict[str, Any]:
    started = stats.started(rows)
    return {
        "started": started,
        "years": list(
            zip(
                started.years,
                started.table.cells,
                started.table.row_totals,
                started.meets_threshold,
                strict=True,
            )
        ),
        "months": list(
            zip(
                started.months,
                started.month_table.cells,
                started.month_table.row_totals,
                strict=True,
            )
        ),
        "threshold": stats.SEED_THRESHOLD,
        "chart": chart.started_chart(started),
    }


@municipality_route(*FIGURE_ROLES)
def started(request: HttpRequest) -> HttpResponse:
    """Started placements per year and month by kind, and the seed's threshold of 25."""
    return _page(request, "started", _started)


def _stability_of(request: HttpRequest) -> Build:
    def build(form: PeriodForm, rows: Sequence[PlacementRow]) -> dict[str, Any]:
        name = request.GET.get("split") or "place_type"
        label, groups = stats.split(rows, name)
        stability = stats.stability(rows)
        return {
            "stability": stability,
            "chart": chart.survival_chart(stability.curve),
            "splits": [(k, str(v[0])) for k, v in stats.SPLITS.items()],
            "split": name,
            "split_label": label,
            "groups": groups,
        }

    return build


@municipality_route(*FIGURE_ROLES)
def stability(request: HttpRequest) -> HttpResponse:
    """Time to breakdown (Kaplan-Meier), the first-year rate, and the same per group."""
    return _page(request, "stability", _stability_of(request))


def _engine(form: PeriodForm, rows: Sequence[PlacementRow]) -> dict[str, Any]:
    return {"engine": stats.engine(rows)}


@municipality_route(*FIGURE_ROLES)
def engine(request: HttpRequest) -> HttpResponse:
    """The engine's score at decision against later stability; observational, not causal."""
    return _page(request, "engine", _engine)


def _fidelity(form: PeriodForm, rows: Sequence[PlacementRow]) -> dict[str, Any]:
    shares = stats.fidelity(rows)
    return {"shares": shares, "chart": chart.fidelity_chart(shares)}


@municipality_route(Role.TEAM_LEADER, Role.ANALYST, Role.CASEWORKER)
def fidelity(request: HttpRequest) -> HttpResponse:
    """Fidelity to the model: the municipality's, or a caseworker's own cases only."""
    user: Any = request.user
    return _page(request, "fidelity", _fidelity, own_cases=user.role == Role.CASEWORKER)


def _surveys_of(request: HttpRequest) -> Build:
    def build(form: PeriodForm, rows: Sequence[PlacementRow]) -> dict[str, Any]:
        user: Any = request.user
        start, end = form.bounds()
        answers = survey_rows(
            user.organisation_id, as_of=timezone.localdate(), started_from=start, started_until=end
        )
        ratings, groups = stats.surveys(answers)
        return {
            "ratings": ratings,
            "groups": groups,
            "chart": chart.survey_chart(ratings, groups),
        }

    return build


@municipality_route(*FIGURE_ROLES)
def surveys(request: HttpRequest) -> HttpResponse:
    """The 1/3/6/12-month surveys per respondent group."""
    return _page(request, "surveys", _surveys_of(request))
