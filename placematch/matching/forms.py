# SPDX-License-Identifier: MPL-2.0
"""matching: forms for sending, answering and withdrawing inquiries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matchengine.vocab import Dimension
from placematch.core import inputs
from placematch.core.codes import label_lazy
from placematch.matching.models import (
    Answer,
    DeclineReason,
    DimensionAnswer,
    DisclosureBasis,
    Urgency,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(value: Any) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(
            _("The date cannot be in the future. Write the day it happened.")
        )


class SendForm(inputs.Form):
    """Send an inquiry to chosen places, with the legal basis and who was informed."""

    conditional_fields = ("disclosure_note",)

    places: forms.ModelMultipleChoiceField[Any] = inputs.ModelMultipleChoiceField(
        label=_("Places"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one place. Search the registry and tick the places."),
            "invalid_choice": _("One of the chosen places cannot be found. Search again."),
            "invalid_pk_value": _("One of the chosen places cannot be found. Search again."),
        },
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose normal or acute.")},
    )
    disclosure_basis = forms.ChoiceField(
        label=_("Legal basis for sending the profile"),
        choices=[("", _("Choose the legal basis")), *DisclosureBasis.choices],
        widget=forms.Select(attrs={"class": "matching-wide"}),
        error_messages={"required": _("Choose the legal basis for sending the profile.")},
    )
    disclosure_note = forms.CharField(
        label=_("Note on the legal basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you choose 'Other legal basis'."),
    )
    parents_informed = forms.BooleanField(
        label=_("The parents have been told that we ask these places"),
        error_messages={
            "required": _("Tick the box when the parents have been told. Tell them first.")
        },
    )
    parents_informed_on = forms.DateField(
        label=_("Date the parents were told"),
        widget=DATE_INPUT,
        validators=[_not_in_future],
        error_messages={
            "required": _("Write the date the parents were told."),
            "invalid": _("Write the date as day, month and year."),
        },
    )
    child_informed = forms.BooleanField(
        label=_("The child has been told that we ask these places"),
        error_messages={
            "required": _(
                "Tick the box when the child has been told in a way that fits the child's age. "
                "Tell the child first."
            )
        },
    )
    child_informed_on = forms.DateField(
        label=_("Date the child was told"),
        widget=DATE_INPUT,
        validators=[_not_in_future],
        error_messages={
            "required": _("Write the date the child was told."),
            "invalid": _("Write the date as day, month and year."),
        },
    )

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = places  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("disclosure_basis") == DisclosureBasis.OTHER
            and not str(data.get("disclosure_note", "")).strip()
        ):
            self.add_error("disclosure_note", _("Describe the other legal basis."))
        return data


class SearchForm(inputs.Form):
    q = forms.CharField(
        label=_("Search places"),
        required=False,
        max_length=100,
        help_text=_("Name, provider, postcode or registry id."),
    )


def dimension_field_name(code: str) -> str:
    return f"dim_{code}"


class AnswerForm(inputs.Form):
    """The place's own assessment of the match, per dimension and as a whole."""

    conditional_fields = ("decline_reason", "decline_text")

    answer = forms.ChoiceField(
        label=_("Can you take the child?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, yes with support, maybe or no.")},
    )
    decline_reason = forms.ChoiceField(
        label=_("Why not?"),
        required=False,
        choices=[("", _("Choose a reason")), *DeclineReason.choices],
        help_text=_("Required when you answer no."),
    )
    decline_text = forms.CharField(
        label=_("The reason in words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you choose 'Other reason'."),
    )
    support_needed = forms.CharField(
        label=_("Support you would need"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example supervision, relief care or extra staff. Required for 'with support'."
        ),
    )
    view = forms.CharField(
        label=_("Your view of the match"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write names or other details that identify the child."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            self.fields[dimension_field_name(dimension.value)] = forms.ChoiceField(
                label=label_lazy(dimension),
                required=False,
                choices=DimensionAnswer.choices,
                widget=forms.RadioSelect,
            )

    def dimension_fields(self) -> list[forms.BoundField]:
        return [self[dimension_field_name(d.value)] for d in Dimension]

    def dimension_answers(self) -> dict[str, str]:
        return {
            d.value: self.cleaned_data.get(dimension_field_name(d.value)) or "" for d in Dimension
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer = data.get("answer")
        if answer == Answer.NO:
            reason = data.get("decline_reason")
            if not reason:
                self.add_error(
                    "decline_reason",
                    _("Choose why you say no, so the municipality can learn from it."),
                )
            elif reason == DeclineReason.OTHER and not str(data.get("decline_text", "")).strip():
                self.add_error(
                    "decline_text", _("Write the reason when you choose 'Other reason'.")
                )
        elif answer:
            for dimension in Dimension:
                name = dimension_field_name(dimension.value)
                if not data.get(name):
                    self.add_error(
                        name,
                        _("Say whether you can meet the child's needs here, with support, or not."),
                    )
            uses_support = answer == Answer.YES_WITH_SUPPORT or any(
                data.get(dimension_field_name(d.value)) == DimensionAnswer.WITH_SUPPORT
                for d in Dimension
            )
            if uses_support and not str(data.get("support_needed", "")).strip():
                self.add_error(
                    "support_needed", _("Describe the support you would need to take the child.")
                )
        return data


class WithdrawForm(inputs.Form):
    reason = forms.CharField(
        label=_("Why is the inquiry withdrawn?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The place does not see this."),
    )
