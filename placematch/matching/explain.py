# SPDX-License-Identifier: MPL-2.0
"""The engine's codes and parameters in plain words: factors, reasons, gaps and notices.

The engine returns codes with parameters only; this module is the one place that words them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matchengine.vocab import (
    AnimalWish,
    ConstraintCode,
    Dimension,
    FactorCode,
    NeedTag,
    NoticeCode,
    PlaceForm,
    PlaceType,
    Setting,
    SupportKind,
    SupportLevel,
    WishKind,
)
from placematch.core.codes import label_of, labels_of


def points(milli: int, *, sign: bool = True) -> str:
    """Milli-points as points with one decimal in the active language, e.g. "−9,0"."""
    text = number_format(abs(milli) / 1000, decimal_pos=1)
    if not sign or milli == 0:
        return text
    return ("+" if milli > 0 else "−") + text


def _km(metres: Any) -> str:
    return number_format(int(metres or 0) / 1000, decimal_pos=0)


def _dim(code: Any) -> str:
    return label_of(Dimension, str(code)).lower()


def _date(iso: Any) -> str:
    if not iso:
        return "—"
    year, month, day = str(iso).split("-")
    return f"{day}-{month}-{year}"


def wish_label(kind: str, setting: str | None = None, animals: str | None = None) -> str:
    """A wish as the match page names it: its kind, and the detail that was checked."""
    text = label_of(WishKind, kind)
    detail = label_of(Setting, setting) if setting else ""
    detail = label_of(AnimalWish, animals) if animals else detail
    return f"{text} ({detail.lower()})" if detail else text


def _wish_text(p: Mapping[str, Any], wish_labels: Sequence[str]) -> str:
    position = int(p.get("wish", -1))
    if 0 <= position < len(wish_labels):
        wish = wish_labels[position]
    else:
        wish = label_of(WishKind, str(p.get("kind", "")))
    met, metres = int(p.get("met", 0)), p.get("distance_m")
    values = {"wish": wish, "km": _km(metres)}
    if met >= 1000:
        return _("The wish “%(wish)s”: met.") % values
    if met > 0:
        return _("The wish “%(wish)s”: partly met, %(km)s km away.") % values
    if metres is not None:
        return _("The wish “%(wish)s”: not met, %(km)s km away.") % values
    return _("The wish “%(wish)s”: not met.") % values


def factor_text(code: str, params: Mapping[str, Any], wish_labels: Sequence[str] = ()) -> str:
    """One factor of a score as a sentence a caseworker understands."""
    p = params
    if code == FactorCode.NEED_SHORTFALL:
        return ngettext(
            "The place's capacity on %(dimension)s is %(levels)s level below the child's need.",
            "The place's capacity on %(dimension)s is %(levels)s levels below the child's need.",
            int(p["open_levels"]),
        ) % {"dimension": _dim(p["dimension"]), "levels": p["open_levels"]}
    if code == FactorCode.SUPPORT_RELIANCE:
        return _(
            "A support arrangement closes the gap on %(dimension)s; the place relies on it."
        ) % {"dimension": _dim(p["dimension"])}
    if code == FactorCode.OUTSIDE_TARGET_GROUPS:
        if p.get("outside"):
            return _("The place is not approved for: %(needs)s.") % {"needs": _tags(p["outside"])}
        return _("The approval's target groups cover the child's needs: %(needs)s.") % {
            "needs": _tags(p.get("needs"))
        }
    if code == FactorCode.WISHES and "wish" in p:
        return _wish_text(p, wish_labels)
    if code == FactorCode.WISHES:  # runs stored before each wish had its own line
        return ngettext(
            "How far the place meets the child's wish that can be checked.",
            "How far the place meets the %(count)s wishes of the child that can be checked.",
            int(p["scored_wishes"]),
        ) % {"count": p["scored_wishes"]}
    if code == FactorCode.SIBLINGS_TOGETHER:
        return {
            "group": _("The siblings can live here together."),
            "already_there": _("A sibling already lives here."),
            "elsewhere": _("Siblings live in another place."),
        }.get(str(p.get("how")), _("Siblings"))
    if code == FactorCode.NETWORK_PLACEMENT:
        return _("A network foster family approved for this child.")
    if code == FactorCode.SCHOOL_DISTANCE:
        return _("%(km)s km to the child's current school.") % {"km": _km(p["distance_m"])}
    if code == FactorCode.PARENTS_DISTANCE:
        return _("Distance to the parents.")
    if code == FactorCode.NETWORK_DISTANCE:
        return _("%(km)s km to the nearest person in the child's network.") % {
            "km": _km(p["distance_m"])
        }
    if code == FactorCode.HOUSEHOLD_SAFETY:
        if p.get("younger_children"):
            return _("Younger children live here, and the child's behaviour may put them at risk.")
        return _("No younger children live here.")
    if code == FactorCode.HOUSEHOLD_SIZE:
        return _("%(count)s other children live here; the child can live with at most %(max)s.") % {
            "count": p["children_count"],
            "max": p["max_other_children"],
        }
    if code == FactorCode.HOUSEHOLD_ANIMALS:
        if p.get("animals"):
            return _("There are animals, and the child is allergic.")
        return _("No animals, and the child is allergic.")
    if code == FactorCode.CULTURAL_CONTINUITY:
        return _(
            "%(continued)s of %(recorded)s recorded language, culture or religion can continue."
        ) % {"continued": p["continued"], "recorded": p["recorded"]}
    return label_of(FactorCode, code)


def _tags(codes: Any) -> str:
    return ", ".join(labels_of(NeedTag, list(codes or ())))


def _either(labels: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def reason_text(code: str, params: Mapping[str, Any]) -> str:
    """Why a place cannot (or should not) take the child, as a sentence."""
    p = params
    if code == ConstraintCode.PLACE_FORM_NOT_REQUIRED:
        decided = labels_of(PlaceForm, list(p.get("required_forms") or ()))
        decided += labels_of(PlaceType, list(p.get("required_types") or ()))
        place_type = p.get("place_type")
        return _("The place is a %(form)s; the decided form is %(required)s.") % {
            "form": (
                label_of(PlaceType, str(place_type))
                if place_type
                else label_of(PlaceForm, str(p["place_form"]))
            ).lower(),
            "required": _either(decided).lower(),
        }
    if code == ConstraintCode.AGE_OUTSIDE_APPROVAL:
        return _("The child is %(age)s; the approval covers ages %(min)s to %(max)s.") % {
            "age": p["age"],
            "min": p["min_age"],
            "max": p["max_age"],
        }
    if code == ConstraintCode.APPROVAL_NOT_VALID:
        return _("The approval is valid from %(start)s to %(end)s, not on the day of the run.") % {
            "start": _date(p.get("valid_from")),
            "end": _date(p.get("valid_until")) if p.get("valid_until") else _("further notice"),
        }
    if code == ConstraintCode.NETWORK_APPROVAL_OTHER_CHILD:
        return _("A network foster family approved for another child.")
    if code == ConstraintCode.SECURE_UNIT_NEEDED:
        return _("The child needs a secure unit.")
    if code == ConstraintCode.RESTRICTIVE_UNIT_WITHOUT_DECISION:
        return _("A %(type)s needs its own decision, and none is recorded for this run.") % {
            "type": label_of(PlaceType, str(p["place_type"])).lower()
        }
    if code == ConstraintCode.TARGET_GROUP_NOT_COVERED:
        return _("The approval's target groups do not cover: %(tags)s.") % {
            "tags": _tags(p.get("missing"))
        }
    if code == ConstraintCode.GENDER_RESTRICTION:
        return _("The approval is for another gender.")
    if code == ConstraintCode.EXCLUDED_BY_CASEWORKER:
        return _("Ruled out by the caseworker: %(reason)s") % {"reason": p.get("reason", "")}
    if code == ConstraintCode.NO_FREE_CAPACITY:
        return ngettext(
            "%(free)s free place; %(needed)s needed.",
            "%(free)s free places; %(needed)s needed.",
            int(p["free_places"]),
        ) % {
            "free": p["free_places"],
            "needed": p["needed"],
        }
    if code == ConstraintCode.VACANCY_EXPIRED:
        return _("The vacancy declaration expired on %(date)s.") % {
            "date": _date(p.get("expires_on"))
        }
    if code == ConstraintCode.VACANCY_STALE:
        if not p.get("declared_on"):
            return _("The place has not declared its vacancies.")
        return _("Vacancies last declared on %(date)s, more than %(days)s days before.") % {
            "date": _date(p.get("declared_on")),
            "days": p.get("max_age_days"),
        }
    if code == ConstraintCode.NO_ACUTE_INTAKE:
        return _("The place does not take children at short notice.")
    return label_of(ConstraintCode, code)


def notice_text(code: str, params: Mapping[str, Any], wish_labels: list[str]) -> str:
    p = params
    if code == NoticeCode.NEED_NOT_ASSESSED:
        return _("Need not assessed on: %(dims)s.") % {
            "dims": ", ".join(_dim(d) for d in p.get("dimensions", ()))
        }
    if code == NoticeCode.CAPACITY_NOT_ASSESSED:
        return _("The place's capacity is not assessed on: %(dims)s.") % {
            "dims": ", ".join(_dim(d) for d in p.get("dimensions", ()))
        }
    if code == NoticeCode.ENHANCED_SUPERVISION:
        return _("The place is under enhanced supervision.")
    if code == NoticeCode.SUPERVISION_ORDER:
        return _("The supervision has issued an order to the place.")
    if code == NoticeCode.INCLUDED_DESPITE_PRACTICAL:
        return _("Shown although: %(what)s.") % {
            "what": ", ".join(label_of(ConstraintCode, c).lower() for c in p.get("codes", ()))
        }
    if code == NoticeCode.WISH_NOT_SCORED:
        position = int(p.get("wish", -1))
        wish = wish_labels[position] if 0 <= position < len(wish_labels) else ""
        return _("The wish “%(wish)s” is shown, not scored.") % {"wish": wish}
    return label_of(NoticeCode, code)


@dataclass(frozen=True)
class FactorLine:
    text: str
    points: str
    contribution_milli: int


@dataclass(frozen=True)
class GapRow:
    dimension: str
    need: str
    capacity: str
    open_levels: int
    closed_by: str

    @property
    def text(self) -> str:
        """The gap in words, for the matrix (made here once, not per template loop)."""
        if self.open_levels:
            return ngettext(
                "%(levels)s level short", "%(levels)s levels short", self.open_levels
            ) % {"levels": self.open_levels}
        if self.closed_by:
            return _("Closed by %(kinds)s") % {"kinds": self.closed_by}
        return _("None")


def factor_lines(
    factors: list[dict[str, Any]], wish_labels: Sequence[str] = ()
) -> list[FactorLine]:
    return [
        FactorLine(
            factor_text(f["code"], f.get("params", {}), wish_labels),
            points(int(f["contribution_milli"])),
            int(f["contribution_milli"]),
        )
        for f in factors
    ]


def gap_rows(gaps: list[dict[str, Any]]) -> list[GapRow]:
    return [
        GapRow(
            dimension=label_of(Dimension, g["dimension"]),
            need=label_of(SupportLevel, g["need"]),
            capacity=label_of(SupportLevel, g["capacity"]),
            open_levels=int(g["open_levels"]),
            closed_by=", ".join(labels_of(SupportKind, list(g.get("closed_by", ())))),
        )
        for g in gaps
    ]


def support_lines(items: list[dict[str, Any]]) -> list[str]:
    return [
        _("%(dimension)s from %(low)s to %(high)s: %(kinds)s")
        % {
            "dimension": label_of(Dimension, s["dimension"]),
            "low": label_of(SupportLevel, s["from_level"]).lower(),
            "high": label_of(SupportLevel, s["to_level"]).lower(),
            "kinds": ", ".join(labels_of(SupportKind, list(s["suggested"]))).lower(),
        }
        for s in items
    ]
