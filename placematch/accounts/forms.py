# SPDX-License-Identifier: MPL-2.0
"""accounts: login and two-factor forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from placematch.accounts.models import User
from placematch.core import inputs


class LoginForm(inputs.TextLimits, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. Check both and try again. "
            "After several failed attempts the account is locked for a while."
        ),
        "inactive": _("This account is not active. Ask your administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update(
            {"class": "form-input", "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "form-input", "autocomplete": "current-password"}
        )


class TokenForm(inputs.Form):
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


class SecondFactorForm(TokenForm):
    """The new authenticator's code, and proof that the account's owner is at the keyboard.

    A session left open must not be enough to change how the account logs in: the password,
    or a code from the authenticator in use, is asked for again.
    """

    current = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(
            attrs={"class": "form-input input-width-l", "autocomplete": "current-password"}
        ),
    )
    field_order = ["current", "token"]

    def __init__(self, *args: Any, user: User, device: TOTPDevice | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device
        # Set when a password or code was typed and was wrong (the view counts it as a failure).
        self.proof_failed = False
        field = self.fields["current"]
        if device is None:
            field.label = _("Your password")
            field.error_messages["required"] = _("Type your password to set up two-factor login.")
        else:
            field.label = _("Your password, or a code from the authenticator app you use now")
            # Two code fields on one page: say which app each code comes from.
            self.fields["token"].label = _("Code from the new authenticator app")
            field.error_messages["required"] = _(
                "Type your password or a code from the authenticator app you use now."
            )
        field.help_text = _("We ask again so that nobody else can change how you log in.")

    def clean_current(self) -> str:
        current: str = self.cleaned_data["current"]
        if self.user.check_password(current):
            return current
        code = current.strip()
        if (
            self.device is not None
            and len(code) == 6
            and code.isascii()
            and code.isdigit()
            and self.device.verify_token(code)
        ):
            return current
        self.proof_failed = True
        if self.device is None:
            raise forms.ValidationError(_("The password is wrong."))
        raise forms.ValidationError(
            _("This is neither your password nor a valid code from the authenticator you use now.")
        )
