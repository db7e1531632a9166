# SPDX-License-Identifier: MPL-2.0
"""evaluation: the export form: the recipient, the period in months and the file format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placematch.core import inputs
from placematch.evaluation.export import Month, period_errors
from placematch.evaluation.export_files import CSV, XLSX
from placematch.evaluation.models import ExportRecipient

MONTH_ERROR = _("Write the month as year-month, e.g. 2025-01.")


class MonthField(forms.CharField):
    """A month as ``YYYY-MM`` (the browser's month picker sends that), parsed to ``Month``."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "ÅÅÅÅ-MM"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=7, **kwargs)

    def clean(self, value: Any) -> Month:
        # The month's own message comes before the length's: "01-01-2025" is a date, not long.
        text = self.to_python(value)
        if text in self.empty_values:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        month = Month.parse(str(text))
        if month is None:
            raise forms.ValidationError(MONTH_ERROR, code="month")
        return month


class ExportForm(inputs.Form):
    recipient = inputs.ModelChoiceField(
        label=_("Recipient"),
        queryset=ExportRecipient.objects.none(),
        error_messages={
            "required": _("Choose who gets the export."),
            "invalid_choice": _("Choose one of the municipality's recipients."),
        },
    )
    first = MonthField(
        label=_("First month"),
        help_text=_("Placements started in this month or later."),
        error_messages={"required": _("Write the first month of the period.")},
    )
    last = MonthField(
        label=_("Last month"),
        help_text=_("Placements started in this month or earlier."),
        error_messages={"required": _("Write the last month of the period.")},
    )
    file_format = forms.ChoiceField(
        label=_("File format"),
        choices=[(XLSX, _("Excel workbook (XLSX)")), (CSV, _("CSV files in a ZIP archive"))],
        initial=XLSX,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose XLSX or CSV.")},
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ExportRecipient.objects.filter(
            organisation_id=organisation_id, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if isinstance(first, Month) and isinstance(last, Month):
            for name, message in period_errors(first, last, timezone.localdate()):
                self.add_error(name, message)
        return data
