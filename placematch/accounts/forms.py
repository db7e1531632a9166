# SPDX-License-Identifier: MPL-2.0
"""accounts: login and two-factor forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. Check both and try again. "
            "After several failed attempts the account is locked for a while."
        ),
        "inactive": _("This account is not active. Ask your administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update(
            {"class": "form-input", "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "form-input", "autocomplete": "current-password"}
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=6,
        error_messages={
            "required": _("Type the six digits your authenticator app shows."),
            "min_length": _("The code has six digits."),
            "max_length": _("The code has six digits."),
        },
        widget=forms.TextInput(
            attrs={
                "class": "form-input input-width-xs",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
            }
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError(_("The code has only digits."))
        return token
