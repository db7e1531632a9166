# SPDX-License-Identifier: MPL-2.0
"""providers: forms for the registry filters, capacity profiles, vacancies and imports."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from matchengine.vocab import Dimension, NeedTag, PlaceType, QualityTheme, Setting, SupportLevel
from placematch.core import inputs, postcodes
from placematch.core.codes import code_choices, label_lazy
from placematch.core.concurrency import VersionedForm
from placematch.core.inputs import parse_int
from placematch.providers.models import CapacityProfile, VacancyDeclaration


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
