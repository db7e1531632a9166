# SPDX-License-Identifier: MPL-2.0
"""providers: forms for the registry filters, capacity profiles, vacancies and imports."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from matchengine.vocab import (
    Dimension,
    NeedTag,
    PlaceType,
    QualityTheme,
    Setting,
    SupportKind,
    SupportLevel,
)
from placematch.core import inputs, postcodes
from placematch.core.codes import code_choices, label_lazy
from placematch.core.concurrency import VersionedForm
from placematch.core.inputs import parse_int
from placematch.providers.models import (
    CapacityProfile,
    Provider,
    SupportArrangement,
    VacancyDeclaration,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistryFilterForm(inputs.Form):
    place_type = forms.ChoiceField(label=_("Type"), required=False)
    postcode = forms.CharField(
        label=_("Near postcode"),
        required=False,
        max_length=4,
        help_text=_("Four digits, e.g. 8000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    distance = inputs.IntegerField(
        label=_("Within km"), required=False, min_value=1, max_value=500, initial=50
    )
    free_only = forms.BooleanField(label=_("Only places with a free place"), required=False)
    fresh_only = forms.BooleanField(label=_("Only places with a fresh vacancy"), required=False)

    def __init__(self, *args: Any, show_foster_types: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = code_choices(PlaceType)
        if not show_foster_types:
            types = [(c, label) for c, label in types if not c.startswith("foster_family")]
        self.fields["place_type"].choices = [("", _("All types")), *types]  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        code = self.cleaned_data["postcode"].strip()
        if code and not postcodes.is_known(code):
            raise forms.ValidationError(
                _("%(code)s is not a Danish postcode. Type four digits, e.g. 8000.")
                % {"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("distance") and not data.get("postcode"):
            self.add_error("postcode", _("Type a postcode to search by distance."))
        return data


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class CapacityProfileForm(VersionedForm, inputs.Form):
    """A new version of the capacity profile, prefilled from the latest one."""

    supervision_report_date = forms.DateField(
        label=_("Date of the latest supervision report"), required=False, widget=DateInput()
    )
    specialities = forms.MultipleChoiceField(
        label=_("Specialities"),
        required=False,
        choices=code_choices(NeedTag),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    other_children_ages = forms.CharField(
        label=_("Ages of other children in the household"),
        required=False,
        help_text=_("Whole years separated by commas, e.g. 4, 9. Leave empty if there are none."),
    )
    animals = forms.CharField(
        label=_("Animals"), required=False, max_length=200, help_text=_("E.g. two cats, a dog.")
    )
    languages = forms.CharField(
        label=_("Languages spoken at home"),
        required=False,
        help_text=_("Separated by commas, e.g. dansk, engelsk."),
    )
    setting = forms.ChoiceField(label=_("Town or country"), required=False)
    methods = forms.CharField(
        label=_("Methods"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    change_note = forms.CharField(label=_("What changed and why"), required=False, max_length=300)

    def __init__(self, *args: Any, latest: CapacityProfile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [  # type: ignore[attr-defined]
            ("", _("Not stated")),
            *code_choices(Setting),
        ]
        levels = code_choices(SupportLevel)
        self.capacity_fields = []
        self.evidence_fields = []
        for dimension in Dimension:
            name = f"capacity_{dimension.value}"
            self.fields[name] = forms.ChoiceField(
                label=label_lazy(dimension), choices=levels, initial=SupportLevel.NOT_ASSESSED.value
            )
            self.capacity_fields.append(name)
        for theme in QualityTheme:
            name = f"evidence_{theme.value}"
            self.fields[name] = forms.CharField(
                label=label_lazy(theme),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.evidence_fields.append(name)
        if not self.is_bound:
            if latest is not None:
                self.initial.update(self.values_from(latest), change_note="")
            self.load(latest, version=latest.version if latest is not None else 0)

    def values_from(self, record: CapacityProfile) -> dict[str, Any]:
        """A version's values under the form's names; a new version starts from them."""
        values: dict[str, Any] = {
            f"capacity_{dimension.value}": record.level(dimension).value for dimension in Dimension
        }
        for theme in QualityTheme:
            values[f"evidence_{theme.value}"] = record.evidence.get(theme.value, "")
        values.update(
            supervision_report_date=record.supervision_report_date,
            specialities=record.specialities,
            other_children_ages=", ".join(str(a) for a in record.other_children_ages),
            animals=record.animals,
            languages=", ".join(record.languages),
            setting=record.setting,
            methods=record.methods,
            change_note=record.change_note,
        )
        return values

    def capacity_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.capacity_fields]

    def evidence_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.evidence_fields]

    def clean_other_children_ages(self) -> list[int]:
        ages = []
        for part in _split(self.cleaned_data["other_children_ages"]):
            age = parse_int(part, low=0, high=30)
            if age is None:
                raise forms.ValidationError(
                    _("'%(part)s' is not an age. Type whole years separated by commas, e.g. 4, 9.")
                    % {"part": part}
                )
            ages.append(age)
        return ages

    def clean_languages(self) -> list[str]:
        return _split(self.cleaned_data["languages"])

    def clean_supervision_report_date(self) -> datetime.date | None:
        value = self.cleaned_data["supervision_report_date"]
        if value is not None and value > datetime.date.today() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("The report date cannot be in the future."))
        return value

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "capacities": {d.value: data[f"capacity_{d.value}"] for d in Dimension},
            "evidence": {t.value: data[f"evidence_{t.value}"] for t in QualityTheme},
            "supervision_report_date": data["supervision_report_date"],
            "specialities": data["specialities"],
            "other_children_ages": data["other_children_ages"],
            "animals": data["animals"],
            "languages": data["languages"],
            "setting": data["setting"],
            "methods": data["methods"],
            "change_note": data["change_note"],
        }


class VacancyForm(VersionedForm, inputs.Form):
    free_places = inputs.IntegerField(
        label=_("Free places"),
        min_value=0,
        max_value=99,
        help_text=_("How many places you can take a child into. Type 0 if you are full."),
    )
    available_from = forms.DateField(
        label=_("Free from"), required=False, widget=DateInput(), help_text=_("Leave empty if now.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = settings.PROVIDERS_VACANCY_DAYS
        self.validity_days = days

    def values_from(self, record: VacancyDeclaration) -> dict[str, Any]:
        return {
            "free_places": record.free_places,
            "available_from": record.available_from,
            "note": record.note,
        }


class ImportForm(inputs.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("CSV separated by semicolons in UTF-8, or an Excel file (.xlsx)."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file, import nothing"), required=False)


class SupportArrangementForm(inputs.Form):
    """A new support arrangement; the supporter is fixed when an institution records it."""

    conditional_fields = ("supporter_name",)

    family = inputs.ModelChoiceField(
        label=_("Foster family"),
        queryset=Provider.objects.none(),
        error_messages={
            "required": _("Choose the foster family that gets the support."),
            "invalid_choice": _("Choose a foster family from the list."),
        },
    )
    supporter = inputs.ModelChoiceField(
        label=_("Supporting institution"),
        queryset=Provider.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose an institution from the list.")},
    )
    supporter_name = forms.CharField(
        label=_("Or the consultant who gives the support"),
        required=False,
        max_length=200,
        help_text=_("Only when the supporter is not an institution in the registry."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of support"),
        choices=code_choices(SupportKind),
        error_messages={"invalid_choice": _("Choose the kind of support from the list.")},
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions the support strengthens"),
        choices=code_choices(Dimension),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={
            "required": _("Choose at least one dimension the support strengthens."),
            "invalid_choice": _(
                "%(value)s is not one of the seven dimensions. Choose among those listed."
            ),
        },
    )
    hours_per_month = forms.DecimalField(
        label=_("Hours a month"),
        min_value=Decimal("0.5"),
        max_value=Decimal("744"),
        max_digits=4,
        decimal_places=1,
        help_text=_("E.g. 8 or 7.5."),
        error_messages={
            "invalid": _("Type the hours a month as a number from 0.5 to 744."),
            "min_value": _("Type the hours a month as a number from 0.5 to 744."),
            "max_value": _("Type the hours a month as a number from 0.5 to 744."),
            "max_digits": _("Type the hours a month as a number from 0.5 to 744."),
            "max_decimal_places": _("Type the hours with at most one decimal, e.g. 7.5."),
        },
    )
    contact = forms.CharField(label=_("Contact at the supporter"), required=False, max_length=200)
    valid_from = forms.DateField(label=_("First day"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if the support runs until further notice."),
    )

    def __init__(
        self, *args: Any, families: Any, supporters: Any, fixed_supporter: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families  # type: ignore[attr-defined]
        self.fields["supporter"].queryset = supporters  # type: ignore[attr-defined]
        self.fixed_supporter = fixed_supporter
        if fixed_supporter:
            del self.fields["supporter"]
            del self.fields["supporter_name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not self.fixed_supporter
            and not data.get("supporter")
            and not (data.get("supporter_name") or "").strip()
        ) and "supporter" not in self.errors:
            self.add_error("supporter", _("Choose the institution, or name the consultant below."))
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error(
                "valid_to", _("The last day must be the same day as or later than the first day.")
            )
        return data


class SupportEndForm(VersionedForm, inputs.Form):
    last_day = forms.DateField(
        label=_("Last day with support"),
        widget=DateInput(),
        help_text=_("Matching counts the support up to and including this day."),
    )

    def values_from(self, record: SupportArrangement) -> dict[str, Any]:
        return {"last_day": record.valid_to}
