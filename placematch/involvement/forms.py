# SPDX-License-Identifier: MPL-2.0
"""involvement: the caseworker's form to send a link and the recipient's PIN form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from placematch.core import inputs
from placematch.involvement.services import PIN_PATTERN


class IssueForm(inputs.Form):
    """Whom the link is for (the form and subject are in the address), with an optional PIN."""

    person_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    recipient_label = forms.CharField(
        label=_("Who gets the link"),
        help_text=_("For example the child's first name, Mother or Father."),
        max_length=100,
        required=False,
    )
    pin = forms.CharField(
        label=_("PIN"),
        help_text=_(
            "4 to 8 digits. Optional. Tell it to the recipient yourself, not on the printed page."
        ),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": _("The PIN must be 4 to 8 digits, for example 4711.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_pin(self) -> str:
        pin: str = self.cleaned_data.get("pin", "").strip()
        if pin and not PIN_PATTERN.match(pin):
            raise ValidationError(_("The PIN must be 4 to 8 digits, for example 4711."))
        return pin


class PinForm(inputs.Form):
    """The code the recipient got from the adult who gave them the link."""

    pin = forms.CharField(
        label=_("Code"),
        help_text=_("The code is 4 to 8 digits."),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={
            "required": _("Type the code. It is 4 to 8 digits."),
            "max_length": _("The code is 4 to 8 digits. Check it, and try again."),
        },
    )

    def clean_pin(self) -> str:
        pin: str = self.cleaned_data.get("pin", "").strip()
        if not PIN_PATTERN.match(pin):
            raise ValidationError(_("The code is 4 to 8 digits. Check it, and try again."))
        return pin
