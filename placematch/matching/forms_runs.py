# SPDX-License-Identifier: MPL-2.0
"""matching: forms for match runs (options, filters, comparison) and the scoring policy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matchengine.policy import Policy
from matchengine.vocab import FOSTER_FAMILY_TYPES, Dimension, PlaceForm, PlaceType, SupportLevel
from placematch.core import inputs
from placematch.core.codes import code_choices, label_lazy
from placematch.matching.adapter import RunOptions
from placematch.matching.shortlist import MAX_COMPARE, Filters


def _decided_form_choices() -> list[tuple[str, Any]]:
    """The broad forms, with the §43 foster-family types right after "foster family"."""
    forms_ = code_choices(PlaceForm)
    types = [(t.value, label_lazy(t)) for t in FOSTER_FAMILY_TYPES]
    return [forms_[0], *types, *forms_[1:]]


class RunForm(inputs.Form):
    """What the caseworker decides before a match: facts the case does not record itself."""

    required_forms = forms.MultipleChoiceField(
        label=_("Decided placement forms"),
        choices=_decided_form_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave empty when the form is not decided yet: every form is then compared. "
            "“Foster family” covers all four kinds; tick one kind (e.g. a reinforced foster "
            "family) when that is what is decided."
        ),
        error_messages={"invalid_choice": _("Choose placement forms from the list.")},
    )
    acute = forms.BooleanField(label=_("Acute: the child must move within days"), required=False)
    secure_unit_needed = forms.BooleanField(
        label=_("A secure unit has been decided"), required=False
    )
    partly_closed_unit_allowed = forms.BooleanField(
        label=_("A partly closed unit has been decided"), required=False
    )
    animal_allergy = forms.BooleanField(label=_("The child is allergic to animals"), required=False)
    max_other_children = inputs.IntegerField(
        label=_("Most other children the child can live with"),
        required=False,
        min_value=0,
        max_value=30,
        help_text=_("Leave empty when it does not matter."),
        error_messages={
            "invalid": _("Write a whole number from 0 to 30, or leave the field empty."),
            "min_value": _("Write a whole number from 0 to 30, or leave the field empty."),
            "max_value": _("Write a whole number from 0 to 30, or leave the field empty."),
        },
    )
    include_practical = forms.BooleanField(
        label=_("Also show places without a free place or a fresh vacancy declaration"),
        required=False,
        help_text=_("They are marked, so you can ask whether a place could open up."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("secure_unit_needed")
            and data.get("required_forms")
            and (PlaceForm.RESIDENTIAL.value not in data["required_forms"])
        ):
            self.add_error(
                "required_forms",
                _("A secure unit is a children's home: tick that form, or untick secure unit."),
            )
        return data

    def options(self) -> RunOptions:
        data = self.cleaned_data
        return RunOptions(
            required_forms=tuple(sorted(data.get("required_forms") or ())),
            acute=bool(data.get("acute")),
            secure_unit_needed=bool(data.get("secure_unit_needed")),
            partly_closed_unit_allowed=bool(data.get("partly_closed_unit_allowed")),
            animal_allergy=bool(data.get("animal_allergy")),
            max_other_children=data.get("max_other_children"),
            include_practical=bool(data.get("include_practical")),
        )


class FilterForm(inputs.Form):
    """Filters on a run's shortlist (GET); a wrong value gives a message, not a crash."""

    type = forms.ChoiceField(
        label=_("Type of place"),
        required=False,
        choices=[("", _("All types")), *code_choices(PlaceType)],
        error_messages={"invalid_choice": _("Choose a type from the list.")},
    )
    km = inputs.IntegerField(
        label=_("At most this many km away"),
        required=False,
        min_value=1,
        max_value=500,
        error_messages={
            "invalid": _("Write the distance as a whole number of km from 1 to 500."),
            "min_value": _("Write the distance as a whole number of km from 1 to 500."),
            "max_value": _("Write the distance as a whole number of km from 1 to 500."),
        },
    )
    free = forms.BooleanField(label=_("Only with a free place in the ledger"), required=False)
    fresh = forms.BooleanField(label=_("Only with a fresh vacancy declaration"), required=False)

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            place_type=data.get("type") or "",
            max_km=data.get("km"),
            free_only=bool(data.get("free")),
            fresh_only=bool(data.get("fresh")),
        )


class CompareForm(inputs.Form):
    place = forms.MultipleChoiceField(required=True)

    def __init__(self, *args: Any, place_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(p, p) for p in place_ids]
        field.error_messages = {
            "required": _("Choose two to four places to compare."),
            "invalid_choice": _("One of the chosen places is not on this run's shortlist."),
        }

    def clean_place(self) -> list[str]:
        chosen: list[str] = list(dict.fromkeys(self.cleaned_data["place"]))
        if not 2 <= len(chosen) <= MAX_COMPARE:
            raise forms.ValidationError(
                _("Choose two to four places to compare; you chose %(count)s.")
                % {"count": len(chosen)}
            )
        return chosen


# Policy --------------------------------------------------------------------------------------


def _bounds(name: str) -> tuple[int, int]:
    low, high = 0, 1000
    for item in Policy.model_fields[name].metadata:
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    return low, high


def _number(label: Any, low: int, high: int, help_text: Any = "") -> forms.IntegerField:
    message = _("Write a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    return inputs.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


POLICY_LABELS: dict[str, Any] = {
    "base_points": _("Starting score"),
    "support_reliance_points": _("Points per level a support arrangement must close"),
    "target_group_points": _(
        "Points lost per need of the child outside the approval's target groups"
    ),
    "wishes_points": _("Points lost when none of the child's wishes is met"),
    "wish_free_km": _("Distance within which a place wish is fully met (km)"),
    "wish_span_km": _("Further distance over which a place wish fades out (km)"),
    "siblings_together_points": _("Bonus for living with siblings"),
    "network_placement_points": _("Bonus for the child's own network family"),
    "school_points": _("Points lost when the current school is out of reach"),
    "school_free_km": _("Distance to the current school that costs nothing (km)"),
    "school_span_km": _("Further distance over which school points are lost (km)"),
    "parents_points": _("Points lost when the parents are far away"),
    "parents_free_km": _("Distance to a parent that costs nothing (km)"),
    "parents_span_km": _("Further distance over which parent points are lost (km)"),
    "network_points": _("Points lost when the child's network is far away"),
    "network_free_km": _("Distance to the network that costs nothing (km)"),
    "network_span_km": _("Further distance over which network points are lost (km)"),
    "household_safety_points": _(
        "Points lost when a child with risk behaviour would live with younger children"
    ),
    "household_size_points": _("Points lost per child above what the child can live with"),
    "household_animals_points": _("Points lost for animals when the child is allergic"),
    "cultural_continuity_points": _(
        "Points lost when no recorded language, culture or religion can be continued"
    ),
    "vacancy_max_age_days": _("Days before a vacancy declaration is stale"),
}
SHORTFALL_LABELS = [
    _("Points lost for a shortfall of 1 level"),
    _("Points lost for a shortfall of 2 levels"),
    _("Points lost for a shortfall of 3 levels"),
    _("Points lost for a shortfall of 4 levels"),
]
ASSESSED_LEVELS = [c for c in code_choices(SupportLevel) if c[0] != SupportLevel.NOT_ASSESSED]


class PolicyForm(inputs.Form):
    """Every weight of the engine's policy, with its bounds; the engine checks them again."""

    note = forms.CharField(
        label=_("What changed and why"),
        max_length=300,
        error_messages={
            "required": _("Write what changed and why."),
            "max_length": _("Write at most 300 characters."),
        },
    )

    def __init__(self, *args: Any, current: Policy, **kwargs: Any) -> None:
        initial: dict[str, Any] = {name: getattr(current, name) for name in POLICY_LABELS}
        for i, value in enumerate(current.shortfall_points):
            initial[f"shortfall_{i + 1}"] = value
        for dimension, value in current.dimension_weights.items():
            initial[f"weight_{dimension.value}"] = value
        initial["not_assessed_need_level"] = current.not_assessed_need_level.value
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for i, label in enumerate(SHORTFALL_LABELS, start=1):
            self.fields[f"shortfall_{i}"] = _number(label, 0, 60)
        for dimension in Dimension:
            self.fields[f"weight_{dimension.value}"] = _number(
                label_lazy(dimension), 50, 200, _("Percent; 100 is normal.")
            )
        self.fields["not_assessed_need_level"] = forms.ChoiceField(
            label=_("Need level assumed when a need is not assessed"),
            choices=ASSESSED_LEVELS,
            error_messages={"invalid_choice": _("Choose an assessed level.")},
        )
        for name, label in POLICY_LABELS.items():
            low, high = _bounds(name)
            self.fields[name] = _number(label, low, high)
        # The note goes last, after the weights it explains.
        self.order_fields([f for f in self.fields if f != "note"] + ["note"])

    def clean(self) -> dict[str, Any]:
        """The engine's rules across fields, worded here: its own messages are English."""
        data = super().clean() or {}
        names = [f"shortfall_{i}" for i in range(1, 5)]
        if any(data.get(name) is None for name in names):
            return data
        levels: list[int] = [0, *(int(data[name]) for name in names)]
        steps = [levels[i + 1] - levels[i] for i in range(4)]
        for i, step in enumerate(steps, start=1):
            if step > 0:
                continue
            if i == 1:
                self.add_error(
                    names[0], _("Write at least 1: a shortfall must always cost points.")
                )
            else:
                self.add_error(
                    names[i - 1],
                    _(
                        "Write more points than for one level less (%(points)s): "
                        "a bigger shortfall must cost more."
                    )
                    % {"points": levels[i - 1]},
                )
        reliance = data.get("support_reliance_points")
        if all(step > 0 for step in steps) and reliance is not None and reliance > min(steps):
            # Otherwise a place could score lower with a support arrangement than without it.
            self.add_error(
                "support_reliance_points",
                _("Write at most %(most)s: the smallest rise between two levels of shortfall.")
                % {"most": min(steps)},
            )
        return data

    def weights(self) -> dict[str, Any]:
        data = self.cleaned_data
        weights: dict[str, Any] = {name: data[name] for name in POLICY_LABELS}
        weights["shortfall_points"] = tuple(data[f"shortfall_{i}"] for i in range(1, 5))
        weights["dimension_weights"] = {d.value: data[f"weight_{d.value}"] for d in Dimension}
        weights["not_assessed_need_level"] = data["not_assessed_need_level"]
        return weights

    def shortfall_fields(self) -> list[forms.BoundField]:
        return [self[f"shortfall_{i}"] for i in range(1, 5)]

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{d.value}"] for d in Dimension]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in [*POLICY_LABELS, "not_assessed_need_level"]]
