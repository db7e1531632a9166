# SPDX-License-Identifier: MPL-2.0
"""A readable difference between two assessment versions."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from matchengine.vocab import Dimension, NeedTag, SupportLevel
from placematch.children.models import Assessment
from placematch.core.codes import label_of


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str


def _notes(assessment: Assessment) -> dict[str, str]:
    return {n.dimension: n.note for n in assessment.needs.all()}


def assessment_diff(old: Assessment, new: Assessment) -> list[Change]:
    changes: list[Change] = []
    old_levels, new_levels = old.levels(), new.levels()
    old_notes, new_notes = _notes(old), _notes(new)
    for dimension in Dimension:
        code = dimension.value
        name = label_of(Dimension, code)
        if old_levels[code] != new_levels[code]:
            changes.append(Change(
                _("%(dimension)s: support level") % {"dimension": name},
                label_of(SupportLevel, old_levels[code]),
                label_of(SupportLevel, new_levels[code]),
            ))  # fmt: skip
        if old_notes.get(code, "") != new_notes.get(code, ""):
            changes.append(Change(
                _("%(dimension)s: reasoning") % {"dimension": name},
                old_notes.get(code, ""), new_notes.get(code, ""),
            ))  # fmt: skip
    added = sorted(set(new.need_tags) - set(old.need_tags))
    removed = sorted(set(old.need_tags) - set(new.need_tags))
    if added or removed:
        changes.append(Change(
            _("Specific needs"),
            ", ".join(label_of(NeedTag, t) for t in removed) or "—",
            ", ".join(label_of(NeedTag, t) for t in added) or "—",
        ))  # fmt: skip
    labels = {
        "resources": _("The child's resources"),
        "family_background": _("Family and background"),
        "housing_employment_finances": _("Housing, employment and finances"),
        "social_network": _("Social network"),
    }
    for field, label in labels.items():
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append(Change(label, before or "—", after or "—"))
    old_obs = {(o.source, o.observed_on, o.text) for o in old.observations.all()}
    for obs in new.observations.all():
        if (obs.source, obs.observed_on, obs.text) not in old_obs:
            when = obs.observed_on.strftime("%d.%m.%Y")
            what = _("New observation (%(source)s, %(date)s)") % {
                "source": obs.get_source_display(),
                "date": when,
            }
            changes.append(Change(what, "—", obs.text))
    return changes
