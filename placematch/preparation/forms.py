# SPDX-License-Identifier: MPL-2.0
"""preparation: the caseworker's forms: meeting, checklist item, contact line, move, mutual yes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placematch.children.models import RelatedPerson, Sibling
from placematch.children.selectors import network_of, parents_of, siblings_apart, siblings_of
from placematch.core import inputs
from placematch.core.concurrency import VersionedForm
from placematch.preparation.models import (
    ContactForm,
    ContactWith,
    Party,
    PreparationPlan,
    Step,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {
    "required": _("Write the date."),
    "invalid": _("Write a real date, for example 14-03-2026."),
}


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, error_messages=DATE_ERRORS, **kwargs)


class PersonChoiceField(inputs.ModelMultipleChoiceField):
    def label_from_instance(self, obj: RelatedPerson) -> str:
        return f"{obj.name} ({obj.relation})"


class MeetingForm(inputs.Form):
    prefix = "meeting"
    step = forms.ChoiceField(
        label=_("Step"),
        choices=Step.choices,
        error_messages={"required": _("Choose which step the meeting belongs to.")},
    )
    meeting_on = date_field(_("Meeting date"))
    child_present = forms.BooleanField(label=_("The child takes part"), required=False)
    placement_present = forms.BooleanField(label=_("The placement takes part"), required=False)
    parents = PersonChoiceField(
        label=_("Parents taking part"),
        queryset=RelatedPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=inputs.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: Any, plan: PreparationPlan, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"child_present": True, "placement_present": True})
        super().__init__(*args, **kwargs)
        parents = self.fields["parents"]
        assert isinstance(parents, forms.ModelMultipleChoiceField)
        parents.queryset = parents_of(plan.case.child)


class ChecklistItemForm(inputs.Form):
    prefix = "item"
    party = forms.ChoiceField(
        label=_("For"),
        choices=Party.choices,
        error_messages={"required": _("Choose who the item is for.")},
    )
    text = forms.CharField(
        label=_("What is to be done"),
        max_length=300,
        error_messages={"required": _("Write what is to be done.")},
    )
    due_on = date_field(_("Due date"))


class SiblingChoiceField(inputs.ModelChoiceField):
    def label_from_instance(self, obj: Sibling) -> str:
        where = f" ({obj.lives_with})" if obj.lives_with else ""
        return f"{obj.display_name}{where}"


class OnePersonField(inputs.ModelChoiceField):
    def label_from_instance(self, obj: RelatedPerson) -> str:
        return f"{obj.name} ({obj.relation})"


class ContactFormForm(inputs.Form):
    """One line of the contact plan; the person or the sibling field is used by its kind."""

    prefix = "contact"
    with_kind = forms.ChoiceField(
        label=_("Contact with"),
        choices=ContactWith.choices,
        error_messages={"required": _("Choose who the contact is with.")},
    )
    person = OnePersonField(
        label=_("Parent or network person"),
        queryset=RelatedPerson.objects.none(),
        required=False,
        empty_label=_("Choose a person"),
    )
    sibling = SiblingChoiceField(
        label=_("Sibling placed elsewhere"),
        queryset=Sibling.objects.none(),
        required=False,
        empty_label=_("Choose a sibling"),
    )
    form = forms.ChoiceField(
        label=_("Form of contact"),
        choices=ContactForm.choices,
        error_messages={"required": _("Choose the form of contact.")},
    )
    frequency = forms.CharField(
        label=_("How often"),
        max_length=200,
        help_text=_("For example: every other weekend, Friday to Sunday."),
        error_messages={"required": _("Write how often, for example every other weekend.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, plan: PreparationPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        child = plan.case.child
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = parents_of(child) | network_of(child)
        sibling = self.fields["sibling"]
        assert isinstance(sibling, forms.ModelChoiceField)
        apart = siblings_apart(child, timezone.localdate())
        sibling.queryset = siblings_of(child).filter(pk__in=[s.pk for s in apart])


class MoveDateForm(VersionedForm, inputs.Form):
    prefix = "move"
    move_date = date_field(_("Move date"))

    def values_from(self, record: PreparationPlan) -> dict[str, Any]:
        return {"move_date": record.move_date}


YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class MutualYesForm(VersionedForm, inputs.Form):
    prefix = "yes"
    mutual_yes = forms.ChoiceField(
        label=_("Is there a mutual yes?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("The adults decide: the municipality, the placement and the parents' views."),
        error_messages={"required": _("Choose yes or no.")},
    )
    placement_yes = forms.ChoiceField(
        label=_("Does the placement say yes?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the placement's answer.")},
    )
    child_view = forms.CharField(
        label=_("The child's view"),
        help_text=_("What the child said or showed after the match visit."),
        error_messages={
            "required": _(
                "Write the child's view. The child is heard, but the adults carry the decision."
            )
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parents_view = forms.CharField(
        label=_("The parents' view"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Needed when there is no mutual yes: why not."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def values_from(self, record: PreparationPlan) -> dict[str, Any]:
        return {
            "mutual_yes": _yes_no(record.mutual_yes),
            "placement_yes": _yes_no(record.placement_yes),
            "child_view": record.child_view,
            "parents_view": record.parents_view,
            "note": record.mutual_yes_note,
        }
