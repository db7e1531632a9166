# SPDX-License-Identifier: MPL-2.0
"""followup: the caseworker's forms: the plan, the investigation's end, follow-ups, visits.

The plan form and the follow-up form have one group of fields per goal, named
``<dimension>__<field>`` (the services name their errors the same way).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matchengine.vocab import Dimension, SupportLevel
from placematch.core import inputs
from placematch.core.codes import label_of
from placematch.core.concurrency import VersionedForm
from placematch.followup.models import ChildPlanVersion, PlacementRecord, PlanGoal
from placematch.followup.rules import SCALE
from placematch.followup.services import GoalInput, ProgressInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {
    "required": _("Write the date."),
    "invalid": _("Write a real date, for example 14-03-2026."),
}
FIELDS = ("goal", "target_level", "target_date", "measures")
LEVEL_ERRORS = {
    "required": _("Choose a level."),
    "invalid_choice": _("Choose a level on the scale from none to complete."),
}


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, error_messages=DATE_ERRORS, **kwargs)


def text_field(label: Any, *, required: bool = False, rows: int = 3, **kwargs: Any) -> Any:
    return forms.CharField(
        label=label, required=required, max_length=inputs.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}), **kwargs,
    )  # fmt: skip


def level_choices(blank: Any = None) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [(level, label_of(SupportLevel, level)) for level in SCALE]
    return [("", blank), *choices] if blank is not None else choices


class PlanForm(VersionedForm, inputs.Form):
    """A new version of the child's plan: a goal per dimension where one is written."""

    prefix = "plan"
    made_on = date_field(_("The plan is made on"))
    child_goals = text_field(
        _("The child's own goals, in the child's words"),
        help_text=_("Write what the child said, as the child said it."),
    )
    family_support = text_field(
        _("Support to the family (§ 92, stk. 3)"),
        help_text=_("What the parents get while the child lives away from home."),
    )
    note = forms.CharField(label=_("What changed and why"), required=False, max_length=300)

    def __init__(self, *args: Any, start_levels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[dict[str, Any]] = []
        for dimension in Dimension:
            code = dimension.value
            self.fields[f"{code}__goal"] = text_field(_("Goal"), rows=2)
            self.fields[f"{code}__target_level"] = forms.ChoiceField(
                label=_("Target level"), required=False,
                choices=level_choices(_("Choose a level")), error_messages=LEVEL_ERRORS,
            )  # fmt: skip
            self.fields[f"{code}__target_date"] = date_field(_("Target date"), required=False)
            self.fields[f"{code}__measures"] = text_field(_("Measures (indsatser)"), rows=2)
            start = start_levels.get(code, SupportLevel.NOT_ASSESSED.value)
            self.groups.append(
                {
                    "code": code,
                    "label": label_of(Dimension, code),
                    "start": label_of(SupportLevel, start),
                    "fields": [self[f"{code}__{n}"] for n in FIELDS],
                }
            )

    def conflict_label(self, name: str) -> str:
        code, _sep, _rest = name.partition("__")
        label = super().conflict_label(name)
        return f"{label_of(Dimension, code)}: {label}" if _sep else label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for dimension in Dimension:
            code = dimension.value
            goal = data.get(f"{code}__goal", "")
            level = data.get(f"{code}__target_level", "")
            day = data.get(f"{code}__target_date")
            if not goal and (level or day or data.get(f"{code}__measures")):
                self.add_error(f"{code}__goal", _("Write the goal, or empty its other fields."))
            if goal and not level:
                self.add_error(f"{code}__target_level", _("Choose the target level."))
            if goal and day is None and f"{code}__target_date" not in self.errors:
                self.add_error(f"{code}__target_date", _("Write the target date."))
        return data

    def goals(self) -> list[GoalInput]:
        data = self.cleaned_data
        return [
            GoalInput(
                dimension=d.value,
                target_level=data[f"{d.value}__target_level"],
                target_date=data[f"{d.value}__target_date"],
                goal=data[f"{d.value}__goal"],
                measures=data[f"{d.value}__measures"],
            )
            for d in Dimension
            if data.get(f"{d.value}__goal")
        ]

    def values_from(self, record: ChildPlanVersion) -> dict[str, Any]:
        values: dict[str, Any] = {
            "made_on": record.made_on, "child_goals": record.child_goals,
            "family_support": record.family_support, "note": record.note,
        }  # fmt: skip
        goals: dict[str, PlanGoal] = {g.dimension: g for g in record.goals.all()}
        for dimension in Dimension:
            goal = goals.get(dimension.value)
            for name in FIELDS:
                values[f"{dimension.value}__{name}"] = getattr(goal, name) if goal else ""
        return values


class InvestigationForm(VersionedForm, inputs.Form):
    prefix = "investigation"
    investigation_ends_on = date_field(
        _("An investigation run alongside ends on"), required=False,
        help_text=_("The first follow-up is then due on that day, if it comes before 3 months."),
    )  # fmt: skip

    def values_from(self, record: PlacementRecord) -> dict[str, Any]:
        return {"investigation_ends_on": record.investigation_ends_on}


class ScheduleForm(inputs.Form):
    prefix = "schedule"
    due_on = date_field(_("Date of the follow-up"))
    reason = text_field(
        _("Why then"), rows=2, required=True,
        error_messages={"required": _("Write why the follow-up is set for that day.")},
    )  # fmt: skip


class FollowUpForm(inputs.Form):
    """The held follow-up: its date, notes and the level reached on each goal."""

    prefix = "followup"
    held_on = date_field(_("Held on"))
    notes = text_field(_("Notes from the follow-up"), rows=4)

    def __init__(self, *args: Any, goals: list[PlanGoal], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.groups: list[dict[str, Any]] = []
        for goal in goals:
            code = goal.dimension
            self.fields[f"{code}__level"] = forms.ChoiceField(
                label=_("Level now"), choices=level_choices(_("Choose a level")),
                error_messages=LEVEL_ERRORS,
            )  # fmt: skip
            self.fields[f"{code}__note"] = text_field(_("Note"), rows=2)
            self.groups.append(
                {
                    "goal": goal,
                    "label": label_of(Dimension, code),
                    "fields": [self[f"{code}__level"], self[f"{code}__note"]],
                }
            )

    def progress(self) -> list[ProgressInput]:
        data = self.cleaned_data
        return [
            ProgressInput(
                dimension=g["goal"].dimension,
                level=data[f"{g['goal'].dimension}__level"],
                note=data[f"{g['goal'].dimension}__note"],
            )
            for g in self.groups
        ]


YES_NO = (("yes", _("Yes")), ("no", _("No")))


class VisitForm(inputs.Form):
    prefix = "visit"
    visited_on = date_field(_("Date of the visit"))
    present = forms.CharField(
        label=_("Who was present"), max_length=inputs.LINE_MAX,
        error_messages={"required": _("Write who was present at the visit.")},
    )  # fmt: skip
    talked_alone = forms.ChoiceField(
        label=_("Did the conversation with the child without the placement's staff take place?"),
        choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )  # fmt: skip
    not_alone_reason = text_field(_("If not: why not"), rows=2)
    notes = text_field(_("Notes from the visit"), rows=3)
