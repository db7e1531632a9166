# SPDX-License-Identifier: MPL-2.0
"""The foster-family options of a run, beside the institutions, for the § 52 stk. 2 assessment.

Barnets Lov § 52 stk. 2 asks the municipality to assess whether a foster family would be best for
the child before the place is chosen (the law sets no order of priority). The match page shows
the run's best foster families next to its best institution, says why an institution stands
above them (the factors where it scores better), and when none can take the child, why not.
Everything comes from the run's stored ranking and explanations (``shortlist.RunView``).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _

from matchengine.vocab import FOSTER_FAMILY_TYPES, FactorCode, PlaceForm
from placematch.matching import explain
from placematch.matching.models import MatchRun
from placematch.matching.shortlist import PAGE_SIZE, Candidate, ReasonGroup, RunView
from placematch.providers.models import Place

FOSTER_TYPES = frozenset(t.value for t in FOSTER_FAMILY_TYPES)
SHOWN = 3  # foster families in the panel: enough to compare, few enough to read


@dataclass(frozen=True)
class Advantage:
    """One factor where the institution scores better than the best foster family."""

    institution: str
    institution_points: str
    family: str
    family_points: str
    margin_milli: int


@dataclass(frozen=True)
class FosterPanel:
    families: list[Candidate]  # the best foster families of the ranking, best first
    institution: Candidate | None  # the best-ranked place that is not a foster family
    advantages: list[Advantage]  # why that institution stands above the best family
    reasons: list[ReasonGroup]  # why foster families were left out, when none is near the top
    only_foster: bool  # the decided form is a foster family: only families are ranked

    @property
    def family_label(self) -> str:
        return _label(self.families[0]) if self.families else ""

    @property
    def institution_label(self) -> str:
        return _label(self.institution) if self.institution is not None else ""

    @property
    def in_top(self) -> bool:
        """A foster family is on the ranking's first page."""
        return bool(self.families) and self.families[0].rank <= PAGE_SIZE


def _label(candidate: Candidate) -> str:
    """The place with its provider, so "Afdeling A" says whose unit it is."""
    if candidate.place is None:
        return candidate.name
    return f"{candidate.place.provider.name}: {candidate.name}"


def _is_foster(view: RunView, place_id: str) -> bool:
    position = view.index.position.get(place_id)
    return position is not None and view.index.places[position].type.value in FOSTER_TYPES


def _only_foster(run: MatchRun) -> bool:
    forms = set(run.options.get("required_forms") or ())
    return bool(forms) and forms <= (FOSTER_TYPES | {PlaceForm.FOSTER_FAMILY.value})


def _key(factor: dict[str, Any]) -> tuple[str, str]:
    """What makes two places' factors the same line: the code, and the wish or dimension."""
    params = factor.get("params", {})
    if factor["code"] == FactorCode.WISHES and "wish" in params:
        return factor["code"], str(params["wish"])
    return factor["code"], str(params.get("dimension", ""))


def advantages(view: RunView, institution: Candidate, family: Candidate) -> list[Advantage]:
    """The factor lines where the institution scores better than the family, largest first."""
    labels = view.wish_labels
    theirs = {_key(f): f for f in view.explanation(institution.place_id)["factors"]}
    ours = {_key(f): f for f in view.explanation(family.place_id)["factors"]}
    rows = []
    for key in list(theirs) + [k for k in ours if k not in theirs]:
        a, b = theirs.get(key), ours.get(key)
        a_milli = int(a["contribution_milli"]) if a else 0
        b_milli = int(b["contribution_milli"]) if b else 0
        if a_milli <= b_milli:
            continue
        rows.append(
            Advantage(
                institution=explain.factor_text(a["code"], a.get("params", {}), labels)
                if a
                else _("no points for this"),
                institution_points=explain.points(a_milli),
                family=explain.factor_text(b["code"], b.get("params", {}), labels)
                if b
                else _("no points for this"),
                family_points=explain.points(b_milli),
                margin_milli=a_milli - b_milli,
            )
        )
    return sorted(rows, key=lambda r: -r.margin_milli)


def foster_panel(view: RunView, hidden: frozenset[str] = frozenset()) -> FosterPanel:
    """The run's best foster families, the institution above them and why, or why none."""
    ranked = [r["place_id"] for r in view.result["ranked"]]
    foster_rows = list(islice((i for i, pid in enumerate(ranked) if _is_foster(view, pid)), SHOWN))
    other_row = next((i for i, pid in enumerate(ranked) if not _is_foster(view, pid)), None)
    families = view.at_rows(foster_rows)
    institution = view.at_rows([other_row])[0] if other_row is not None else None
    above = (
        advantages(view, institution, families[0])
        if families and institution is not None and institution.rank < families[0].rank
        else []
    )
    reasons: list[ReasonGroup] = []
    if not families or families[0].rank > PAGE_SIZE:
        left_out = [e for e in view.excluded(hidden) if _is_foster(view, e["place_id"])]
        reasons = view.reason_groups_of(left_out)
    return FosterPanel(families, institution, above, reasons, _only_foster(view.run))


def run_foster_families(run: MatchRun | None) -> list[Place]:
    """The foster families a run ranked (could take the child), best first."""
    if run is None:
        return []
    ids = [int(r["place_id"]) for r in run.result().get("ranked", []) if r["place_id"].isdigit()]
    found = {p.pk: p for p in Place.objects.filter(pk__in=ids, place_type__in=FOSTER_TYPES)}
    return [found[pk] for pk in ids if pk in found]
