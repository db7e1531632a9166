# SPDX-License-Identifier: MPL-2.0
"""children: caseworker forms; the checks that matter live in rules.py and the services."""

from __future__ import annotations

from typing import Any, TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matchengine.vocab import (
    AnimalWish,
    CaseType,
    Dimension,
    LegalBasis,
    NeedTag,
    Setting,
    SupportLevel,
    WishImportance,
    WishKind,
)
from placematch.accounts.models import Role, Team, User
from placematch.children import rules
from placematch.children.models import (
    Case,
    Child,
    ConsentForm,
    ConsentState,
    ContactKind,
    ParentView,
    PersonKind,
    Sibling,
    Wish,
)
from placematch.children.models.assessment import Assessment, Observation
from placematch.children.models.voice import YES_NO_WISH_KINDS, WishAnswer
from placematch.core import inputs, postcodes
from placematch.core.codes import code_choices, label_lazy
from placematch.core.concurrency import VersionedForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
POSTCODE_ATTRS = {"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": "4"}


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, help_text=help_text,
        error_messages={
            "required": _("Write the date."),
            "invalid": _("Write the date as dd-mm-yyyy or use the calendar."),
        },
    )  # fmt: skip


class DanishRequiredMixin:
    """A specific 'what is missing' message on every required field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if "required" not in field.error_messages or field.error_messages["required"] in (
                forms.Field.default_error_messages["required"],
            ):
                field.error_messages["required"] = _("Fill in %(field)s.") % {
                    "field": str(field.label).lower()
                }


class ChildCaseForm(DanishRequiredMixin, inputs.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = _date(_("Birth date"))
    case_number = forms.CharField(
        label=_("Municipal case number"), max_length=50,
        help_text=_("The number from the case system. Never a CPR number."),
    )  # fmt: skip
    address_postcode = forms.CharField(
        label=_("Postcode of the home address"), max_length=4,
        widget=forms.TextInput(attrs=POSTCODE_ATTRS),
    )  # fmt: skip
    school_name = forms.CharField(label=_("School or day care"), max_length=200, required=False)
    school_postcode = forms.CharField(
        label=_("Postcode of the school"), max_length=4, required=False,
        widget=forms.TextInput(attrs=POSTCODE_ATTRS),
    )  # fmt: skip
    case_type = forms.ChoiceField(label=_("Case type"), choices=code_choices(CaseType))
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), required=False,
        choices=[("", _("Not decided yet")), *code_choices(LegalBasis)],
    )  # fmt: skip
    child_requested = forms.BooleanField(
        label=_("The child asked to be placed (§ 48)"), required=False
    )
    aware_date = _date(
        _("Date the municipality became aware"),
        help_text=_("The investigation is due 4 months later (§ 20)."),
    )
    intended_placement_date = _date(_("Intended placement date"), required=False)

    def clean_birth_date(self) -> Any:
        value = self.cleaned_data["birth_date"]
        rules.check_birth_date(value, timezone.localdate())
        return value

    def clean_address_postcode(self) -> str:
        value = self.cleaned_data["address_postcode"].strip()
        rules.check_postcode(value)
        return value

    def clean_school_postcode(self) -> str:
        value = self.cleaned_data["school_postcode"].strip()
        rules.check_postcode(value, required=False)
        return value

    def clean_aware_date(self) -> Any:
        value = self.cleaned_data["aware_date"]
        if value > timezone.localdate():
            raise ValidationError(_("The date is in the future. Write the day you became aware."))
        return value


class CaseForm(VersionedForm, DanishRequiredMixin, inputs.ModelForm):
    caseworkers = inputs.ModelMultipleChoiceField(
        label=_("Assigned caseworkers"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Case
        # No status: the case's course changes it, through the buttons on the case page.
        fields = [
            "case_type", "legal_basis", "child_requested", "team", "aware_date",
            "investigation_completed", "preliminary_assessment_date", "placement_decision_date",
            "intended_placement_date", "child_plan_date", "safety_concern", "safety_note",
        ]  # fmt: skip
        # No non-disclosure either: it follows from the § 105 decisions in force.
        widgets = dict.fromkeys(
            (
                "aware_date", "investigation_completed", "preliminary_assessment_date",
                "placement_decision_date", "intended_placement_date", "child_plan_date",
            ),
            DATE_WIDGET,
        )  # fmt: skip

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(
            organisation_id=organisation_id, role__in=[Role.CASEWORKER, Role.TEAM_LEADER],
            is_active=True, is_system=False,
        ).order_by("first_name", "last_name")  # fmt: skip
        self.fields["caseworkers"].queryset = people  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["caseworkers"] = list(self.instance.caseworkers.all())

    def values_from(self, record: Case) -> dict[str, Any]:
        values = {name: getattr(record, name) for name in self.Meta.fields}
        values["caseworkers"] = list(record.caseworkers.all())
        return values

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("safety_concern") and not (data.get("safety_note") or "").strip():
            self.add_error("safety_note", _("Describe the safety concern in a few words."))
        today = timezone.localdate()
        for name in ("investigation_completed", "preliminary_assessment_date",
                     "placement_decision_date", "child_plan_date"):  # fmt: skip
            value = data.get(name)
            if value and value > today:
                self.add_error(name, _("The date is in the future. Write the day it happened."))
        return data


class PersonForm(DanishRequiredMixin, inputs.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PersonKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    relation = forms.CharField(
        label=_("Relation to the child"), max_length=100, help_text=_("E.g. mother, aunt, coach.")
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=4, required=False,
        widget=forms.TextInput(attrs=POSTCODE_ATTRS),
    )  # fmt: skip

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        rules.check_postcode(value, required=False)
        return value


class SiblingForm(DanishRequiredMixin, inputs.Form):
    conditional_fields = ("name", "split_reason")
    sibling_child = inputs.ModelChoiceField(
        label=_("Sibling in this municipality"), queryset=Child.objects.none(), required=False,
        empty_label=_("Not a child in our cases"),
    )  # fmt: skip
    name = forms.CharField(
        label=_("Name of a sibling elsewhere"), max_length=200, required=False,
        help_text=_("For a sibling who is not a child in our cases (for the contact plan)."),
    )  # fmt: skip
    birth_year = inputs.IntegerField(label=_("Birth year"), required=False, min_value=1990)
    lives_with = forms.CharField(label=_("Lives with or where"), max_length=200, required=False)
    placed_together = forms.BooleanField(label=_("To be placed together"), required=False)
    not_placed = forms.BooleanField(
        label=_("Not placed and not to be placed"), required=False,
        help_text=_(
            "For a sibling elsewhere who lives at home or on their own. Only siblings under 18 "
            "who are placed, or to be placed, need a reason for living apart."
        ),
    )  # fmt: skip
    split_reason = forms.CharField(
        label=_("Reason for placing apart (§ 52)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when a sibling under 18 who is placed, or to be, will live elsewhere."
        ),
    )  # fmt: skip

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["sibling_child"].queryset = candidates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("sibling_child") and not (data.get("name") or "").strip():
            self.add_error(
                "name", _("Choose a child in the municipality or write the sibling's name.")
            )
        if data.get("sibling_child"):
            return data  # a linked child's age and case decide; the service checks it
        today = timezone.localdate()
        age = rules.sibling_age(None, data.get("birth_year"), today)
        counts = rules.sibling_counts(age=age, placed_or_to_be=not data.get("not_placed"))
        try:
            rules.check_sibling_split(
                bool(data.get("placed_together")), data.get("split_reason") or "", counts=counts
            )
        except ValidationError as error:
            self.add_error("split_reason", error)
        return data


class SiblingRemoveForm(inputs.Form):
    """Remove one of the child's siblings (a linked sibling's case loses the link too)."""

    sibling = inputs.ModelChoiceField(
        queryset=Sibling.objects.none(),
        error_messages={
            "required": _("Choose the sibling to remove."),
            "invalid_choice": _("That sibling is no longer recorded. Reload the page."),
        },
    )

    def __init__(self, *args: Any, siblings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sibling"].queryset = siblings  # type: ignore[attr-defined]


LEVEL_CHOICES = code_choices(SupportLevel)


class AssessmentForm(VersionedForm, inputs.Form):
    """One support level and reasoning per matching dimension, plus the rest of a version."""

    resources = forms.CharField(
        label=_("The child's resources"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    need_tags = forms.MultipleChoiceField(
        label=_("Specific needs"), required=False, choices=code_choices(NeedTag),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    family_background = forms.CharField(
        label=_("Family and background"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    housing_employment_finances = forms.CharField(
        label=_("Housing, employment and finances"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    social_network = forms.CharField(
        label=_("Social network"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("What changed and why"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            self.fields[f"level_{dimension.value}"] = forms.ChoiceField(
                label=label_lazy(dimension), choices=LEVEL_CHOICES,
                initial=SupportLevel.NOT_ASSESSED.value,
            )  # fmt: skip
            self.fields[f"note_{dimension.value}"] = forms.CharField(
                label=_("Reasoning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def values_from(self, record: Assessment) -> dict[str, Any]:
        """A version's values under the form's names; a new version starts from them."""
        values: dict[str, Any] = {
            "resources": record.resources,
            "need_tags": record.need_tags,
            "family_background": record.family_background,
            "housing_employment_finances": record.housing_employment_finances,
            "social_network": record.social_network,
            "note": record.note,
        }
        for dimension in Dimension:
            values[f"level_{dimension.value}"] = SupportLevel.NOT_ASSESSED.value
            values[f"note_{dimension.value}"] = ""
        for need in record.needs.all():
            values[f"level_{need.dimension}"] = need.level
            values[f"note_{need.dimension}"] = need.note
        return values

    def conflict_label(self, name: str) -> str:
        if name.startswith("note_"):  # every dimension's reasoning has the same label
            dimension = self.fields[name.replace("note_", "level_", 1)].label
            return f"{dimension}: {str(self.fields[name].label).lower()}"
        return super().conflict_label(name)

    def dimension_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"level_{d.value}"], self[f"note_{d.value}"]) for d in Dimension]


class ObservationForm(inputs.Form):
    source = forms.ChoiceField(
        label=_("Source"), required=False,
        choices=[("", "—"), *Observation.ObservationSource.choices],
    )  # fmt: skip
    observed_on = _date(_("Date"), required=False)
    dimension = forms.ChoiceField(
        label=_("Dimension"), required=False, choices=[("", "—"), *code_choices(Dimension)]
    )
    text = forms.CharField(
        label=_("Observation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("text") or "").strip():
            if not data.get("source"):
                self.add_error("source", _("Choose who made the observation."))
            if not data.get("observed_on"):
                self.add_error("observed_on", _("Write the date of the observation."))
            elif data["observed_on"] > timezone.localdate():
                self.add_error("observed_on", _("The date is in the future."))
        return data


ObservationFormSet = forms.formset_factory(ObservationForm, extra=2, max_num=10)


class ConversationForm(DanishRequiredMixin, inputs.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    held_on = _date(_("Date"))
    present = forms.CharField(label=_("Who was present"), max_length=300)
    bisidder = forms.CharField(
        label=_("Companion (bisidder)"), max_length=200, required=False,
        help_text=_("The adult the child chose to bring (§ 6)."),
    )  # fmt: skip
    child_words = forms.CharField(
        label=_("The child's own words"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreed = forms.CharField(
        label=_("What was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise ValidationError(
                _("The date is in the future. Write the day the conversation took place.")
            )
        return value


class WishDetails(TypedDict):
    """The checkable details of a wish, as ``services_voice.wish_add`` takes them."""

    postcode: str
    setting: str
    animals: str
    answer: str
    which_animals: str


class WishForm(DanishRequiredMixin, inputs.Form):
    kind = forms.ChoiceField(label=_("What it is about"), choices=code_choices(WishKind))
    text = forms.CharField(label=_("The wish"), widget=forms.Textarea(attrs={"rows": 2}))
    importance = forms.ChoiceField(
        label=_("How important to the child"), choices=code_choices(WishImportance),
        initial=WishImportance.MEDIUM.value,
    )  # fmt: skip
    # Details matching can check; a wish without them is shown next to places, never scored.
    answer = forms.ChoiceField(
        label=_("Yes or no"), required=False,
        choices=[("", _("Not said")), *WishAnswer.choices],
        help_text=_(
            "For school: keep the current school? For friends: live near them? For siblings: "
            "live with them? A no is shown next to places, never scored."
        ),
    )  # fmt: skip
    postcode = forms.CharField(
        label=_("Where (town or postcode)"), required=False, max_length=60,
        help_text=_("For a wish to live near a place or near friends. Choose from the list."),
        widget=forms.TextInput(attrs={"list": "wish-places", "autocomplete": "off"}),
    )  # fmt: skip
    setting = forms.ChoiceField(
        label=_("Town or country"), required=False,
        choices=[("", _("Not said")), *code_choices(Setting)],
        help_text=_("For a wish about town or country."),
    )  # fmt: skip
    animals = forms.ChoiceField(
        label=_("Animals or not"), required=False,
        choices=[("", _("Not said")), *code_choices(AnimalWish)],
        help_text=_("For a wish about animals."),
    )  # fmt: skip
    which_animals = forms.CharField(
        label=_("Which animals"), required=False, max_length=100,
        help_text=_("For a wish about animals, e.g. a dog or a horse. Shown, not scored."),
    )  # fmt: skip

    def clean_postcode(self) -> str:
        text = str(self.cleaned_data.get("postcode") or "").strip()
        if not text:
            return ""
        found = postcodes.find(text)
        if found is None:
            raise forms.ValidationError(
                _("Choose a town or postcode from the list, e.g. 8600 Silkeborg.")
            )
        return found.code

    def details(self) -> WishDetails:
        """Only the details that belong to the wish's kind are kept."""
        data = self.cleaned_data
        kind = data.get("kind")
        return {
            "postcode": data.get("postcode", "")
            if kind in (WishKind.LIVE_NEAR.value, WishKind.FRIENDS.value)
            else "",
            "setting": data.get("setting", "") if kind == WishKind.TOWN_OR_COUNTRY.value else "",
            "animals": data.get("animals", "") if kind == WishKind.ANIMALS.value else "",
            "answer": data.get("answer", "") if kind in YES_NO_WISH_KINDS else "",
            "which_animals": data.get("which_animals", "")
            if kind == WishKind.ANIMALS.value
            else "",
        }


class WishEditForm(VersionedForm, WishForm):
    """Editing a recorded wish; the form carries the version it was loaded with."""

    def values_from(self, record: Wish) -> dict[str, Any]:
        return self.values_of(record)

    @staticmethod
    def values_of(record: Wish) -> dict[str, Any]:
        return {
            "kind": record.kind,
            "text": record.text,
            "importance": record.importance,
            "postcode": record.postcode,
            "setting": record.setting,
            "animals": record.animals,
            "answer": record.answer,
            "which_animals": record.which_animals,
        }


class ParentViewForm(VersionedForm, inputs.Form):
    """A parent's views; carries the version of the views it showed (0: none yet)."""

    views = forms.CharField(
        label=_("Views on the placement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    wishes = forms.CharField(
        label=_("Wishes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    worries = forms.CharField(
        label=_("Worries"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact_wishes = forms.CharField(
        label=_("Wishes for contact with the child"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    consent = forms.ChoiceField(label=_("Consent (§ 46)"), choices=ConsentState.choices)
    consent_date = _date(_("Date of consent"), required=False)
    consent_form = forms.ChoiceField(
        label=_("Form of consent"), required=False, choices=[("", "—"), *ConsentForm.choices]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = [data.get(n) or "" for n in ("views", "wishes", "worries", "contact_wishes")]
        if not any(t.strip() for t in texts) and data.get("consent") == ConsentState.NOT_ASKED:
            raise ValidationError(_("Write at least one thing: views, wishes, worries or contact."))
        try:
            rules.check_consent(
                data.get("consent") or "", data.get("consent_date"), data.get("consent_form") or ""
            )
        except ValidationError as error:
            self.add_error("consent_date", error)
        if data.get("consent_date") and data["consent_date"] > timezone.localdate():
            self.add_error("consent_date", _("The date is in the future."))
        return data

    def values_from(self, record: ParentView) -> dict[str, Any]:
        return self.values_of(record)

    @classmethod
    def values_of(cls, record: ParentView) -> dict[str, Any]:
        return {name: getattr(record, name) for name in cls.base_fields}


class TransitionForm(DanishRequiredMixin, inputs.Form):
    """One manual step of the case's course, taken from the case page (``children.course``)."""

    transition = forms.ChoiceField(label=_("Step"), widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    edit_version = inputs.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = choices  # type: ignore[attr-defined]


class CaseImportForm(inputs.Form):
    """The case system's export to check (docs/case-import.md)."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("CSV separated by semicolons in UTF-8, or an Excel file (.xlsx)."),
        error_messages={"required": _("Choose the file with the export from the case system.")},
    )


class CaseImportConfirmForm(inputs.Form):
    """Confirms the checked file waiting in the session, named by its one-time token."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
