# SPDX-License-Identifier: MPL-2.0
"""evaluation: the period the figures cover, in whole years of the start, from the query string."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placematch.core import inputs

FIRST_YEAR = 2000


class PeriodForm(inputs.Form):
    """Placements started from one year to another; both optional (all years)."""

    start = inputs.IntegerField(
        label=_("Started from the year"), required=False, min_value=FIRST_YEAR, max_value=9999
    )
    end = inputs.IntegerField(
        label=_("Started up to the year"), required=False, min_value=FIRST_YEAR, max_value=9999
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        this_year = timezone.localdate().year
        if start is not None and end is not None and end < start:
            raise ValidationError(_("The last year comes before the first year."), code="order")
        if start is not None and start > this_year:
            raise ValidationError(
                _("The period lies in the future: choose a year up to %(year)s.")
                % {"year": this_year},
                code="future",
            )
        return data

    def bounds(self) -> tuple[datetime.date | None, datetime.date | None]:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return (
            datetime.date(start, 1, 1) if start else None,
            datetime.date(end, 12, 31) if end else None,
        )

    @property
    def chosen(self) -> bool:
        return bool(self.cleaned_data.get("start") or self.cleaned_data.get("end"))
