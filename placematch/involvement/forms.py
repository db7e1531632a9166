# SPDX-License-Identifier: MPL-2.0
"""involvement: the caseworker's form to send a link and the recipient's PIN form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from placematch.core import inputs
from placematch.involvement.delivery import BY_HAND, SCREEN
from placematch.involvement.services import PIN_PATTERN
from placematch.outbox import addresses
from placematch.outbox.models import Channel

LINK_CHANNELS = [
    (SCREEN, _("Show it on the screen, to print or hand over")),
    (Channel.EMAIL.value, _("Send it by e-mail")),
    (Channel.SMS.value, _("Send it by SMS")),
]
PIN_CHANNELS = [
    (BY_HAND, _("I give the PIN to the recipient myself")),
    (Channel.SMS.value, _("Send the PIN by SMS")),
    (Channel.EMAIL.value, _("Send the PIN by e-mail")),
]


class IssueForm(inputs.Form):
    """Whom the link is for (the form and subject are in the address), with an optional PIN."""

    conditional_fields = ("email", "mobile", "pin_channel")

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
    channel = forms.ChoiceField(
        label=_("How does the link reach the recipient?"),
        choices=LINK_CHANNELS,
        initial=SCREEN,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how the link reaches the recipient.")},
    )
    email = forms.CharField(
        label=_("E-mail address"),
        help_text=_("Only when the link or the PIN goes by e-mail."),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        help_text=_("Only when the link or the PIN goes by SMS. 8 digits, +45 may come first."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    pin_channel = forms.ChoiceField(
        label=_("How does the PIN reach the recipient?"),
        help_text=_("Only when the link is sent and has a PIN. Never the same way as the link."),
        choices=PIN_CHANNELS,
        initial=BY_HAND,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how the PIN reaches the recipient.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_pin(self) -> str:
        pin: str = self.cleaned_data.get("pin", "").strip()
        if pin and not PIN_PATTERN.match(pin):
            raise ValidationError(_("The PIN must be 4 to 8 digits, for example 4711."))
        return pin

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        channel = data.get("channel") or SCREEN
        pin_channel = data.get("pin_channel") or BY_HAND
        if channel == SCREEN or not data.get("pin"):
            pin_channel = BY_HAND
        elif pin_channel == channel:
            self.add_error(
                "pin_channel", _("Send the PIN another way than the link, or give it yourself.")
            )
        data["channel"], data["pin_channel"] = channel, pin_channel
        wanted = {channel, pin_channel}
        for name, kind in (("email", Channel.EMAIL), ("mobile", Channel.SMS)):
            value = str(data.get(name) or "")
            if kind not in wanted:
                data[name] = ""
            elif not value.strip():
                self.add_error(
                    name,
                    _("Write the e-mail address.")
                    if kind == Channel.EMAIL
                    else _("Write the mobile number."),
                )
            else:
                try:
                    data[name] = addresses.normalise(kind, value)
                except ValidationError as error:
                    self.add_error(name, error)
        return data

    def address_for(self, channel: str) -> str:
        return str(self.cleaned_data["email" if channel == Channel.EMAIL else "mobile"])


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
