# SPDX-License-Identifier: MPL-2.0
"""api: the form that makes a token: a name, the areas it may read or write, its expiry."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placematch.api.scopes import AREA_LABELS, Access, Area, scopes_for
from placematch.core import inputs

ACCESS_LABELS = {Access.READ: _("read"), Access.WRITE: _("write")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def scope_label(value: str) -> str:
    area, _sep, access = value.partition(":")
    return f"{AREA_LABELS[Area(area)]}: {ACCESS_LABELS[Access(access)]}"


class TokenForm(inputs.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that will use the token, so you can tell tokens apart."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token may do"), widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("Expires on"), widget=DateInput(), help_text=_("At most a year from today.")
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(s, scope_label(s)) for s in scopes_for(kind)]  # type: ignore[attr-defined]
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=365)
