# SPDX-License-Identifier: MPL-2.0
"""Research-based attention points for a case, each with its source; never a risk score."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matchengine.vocab import SUPPORT_LEVEL_RANK, Dimension, NeedTag, SupportLevel
from placematch.children.models import Assessment, Case, PersonKind
from placematch.children.selectors import siblings_apart

META_ANALYSIS = gettext_lazy(
    "Meta-analyses of placement breakdown (e.g. Oosterman et al. 2007, Children and Youth "
    "Services Review)"
)
SFI_TEENAGERS = gettext_lazy("SFI study of 227 young people placed at 13-17")
BARNETS_LOV_52 = gettext_lazy("Barnets Lov § 52 (siblings placed together)")
TEENAGE_AGE = 13
BEHAVIOUR_TAGS = {NeedTag.EXTERNALISING_BEHAVIOUR, NeedTag.VIOLENCE, NeedTag.CRIME}
MALTREATMENT_TAGS = {NeedTag.NEGLECT_TRAUMA, NeedTag.ATTACHMENT_DIFFICULTIES}


@dataclass(frozen=True)
class AttentionPoint:
    """Something the research links to breakdown, shown for the caseworker to weigh."""

    title: str
    text: str
    source: str


def attention_points(
    case: Case, assessment: Assessment | None, today: date
) -> list[AttentionPoint]:
    points: list[AttentionPoint] = []
    tags = set(assessment.need_tags) if assessment else set()
    levels = assessment.levels() if assessment else {}
    behaviour = levels.get(Dimension.DEVELOPMENT_BEHAVIOUR.value, SupportLevel.NOT_ASSESSED.value)
    high = (
        SUPPORT_LEVEL_RANK.get(SupportLevel(behaviour), -1) >= SUPPORT_LEVEL_RANK[SupportLevel.HIGH]
    )
    if high or tags & {t.value for t in BEHAVIOUR_TAGS}:
        points.append(AttentionPoint(
            _("Behaviour problems"),
            _("Behaviour problems are among the strongest predictors of breakdown. Check that the "
              "place can meet them, and plan supervision and support from the start."),
            str(META_ANALYSIS),
        ))  # fmt: skip
    age_day = case.intended_placement_date or today
    if case.child.age_on(age_day) >= TEENAGE_AGE:
        points.append(AttentionPoint(
            _("Age at placement"),
            _("Young people placed as teenagers have more breakdowns, most of them in the first "
              "year. Involve the young person closely and follow up early."),
            str(SFI_TEENAGERS),
        ))  # fmt: skip
    if siblings_apart(case.child, today):
        points.append(AttentionPoint(
            _("Separation from siblings"),
            _("Being placed apart from siblings is linked to breakdown. The reason for the split "
              "is recorded; plan contact between the siblings."),
            f"{META_ANALYSIS}; {BARNETS_LOV_52}",
        ))  # fmt: skip
    if tags & {t.value for t in MALTREATMENT_TAGS}:
        points.append(AttentionPoint(
            _("History of maltreatment"),
            _("A history of neglect or trauma raises the risk of breakdown. Look for a place with "
              "trauma-informed care and supervision."),
            str(META_ANALYSIS),
        ))  # fmt: skip
    if case.case_type in ("change_of_placement", "re_placement"):
        points.append(AttentionPoint(
            _("Earlier placements"),
            _("Earlier placements or residential history predict new breakdowns. Learn from what "
              "went wrong before and share it with the new place."),
            str(META_ANALYSIS),
        ))  # fmt: skip
    if case.child.persons.filter(kind=PersonKind.NETWORK).exists():
        points.append(AttentionPoint(
            _("Network placement"),
            _("Placements outside the child's own network break down more often. The child has "
              "network persons: consider whether one of them could be a network foster family."),
            str(META_ANALYSIS),
        ))  # fmt: skip
    if case.child.school_postcode or case.child.persons.exists():
        points.append(AttentionPoint(
            _("Distance to school and network"),
            _("Distance from school and network matters for stability. Compare candidate places "
              "with the school and the people the child wants to stay close to."),
            str(META_ANALYSIS),
        ))  # fmt: skip
    return points
