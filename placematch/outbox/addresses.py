# SPDX-License-Identifier: MPL-2.0
"""outbox: recipient addresses checked and written one way per channel."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from placematch.outbox.models import Channel

# Danish numbers are 8 digits and start with 2 to 9; +45 or 0045 may come first.
_MOBILE = re.compile(r"^(?:\+45|0045)?([2-9][0-9]{7})$")
_SEPARATORS = re.compile(r"[ \-.]")


def normalise_mobile(value: str) -> str:
    """A Danish mobile number as +45 and 8 digits; ValidationError for anything else."""
    compact = _SEPARATORS.sub("", value.strip())
    found = _MOBILE.match(compact) if compact.isascii() else None
    if found is None:
        raise ValidationError(
            _("Write a Danish mobile number: 8 digits, for example 20 30 40 50 or +45 20304050."),
            code="mobile",
        )
    return f"+45{found.group(1)}"


def normalise_email(value: str) -> str:
    """An e-mail address as written, without spaces around; ValidationError if not valid."""
    address = value.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("Write a valid e-mail address, for example name@example.dk."), code="email"
        ) from None
    return address


def normalise(channel: str, value: str) -> str:
    """The recipient address for a channel, checked; Digital Post goes to a person's id."""
    if channel == Channel.EMAIL:
        return normalise_email(value)
    if channel == Channel.SMS:
        return normalise_mobile(value)
    if channel == Channel.DIGITAL_POST:
        address = value.strip()
        # The person's digital mailbox is found by the gateway from an opaque reference.
        if not address or len(address) > 254:
            raise ValidationError(_("The Digital Post recipient is missing."), code="digital_post")
        return address
    raise ValidationError(_("Choose how to send the message."), code="channel")
