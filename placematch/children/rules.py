# SPDX-License-Identifier: MPL-2.0
"""Checks shared by forms and services, each with a clear message on what to fix."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from placematch.children.models.case import age_on
from placematch.core.postcodes import is_known

ADULT_AGE = 18


def check_birth_date(birth_date: date, today: date) -> None:
    if birth_date > today:
        raise ValidationError(
            _("The birth date is in the future. Write the date the child was born."),
            code="future",
        )
    if age_on(birth_date, today) >= ADULT_AGE:
        raise ValidationError(
            _(
                "The child is already 18 or older. Cases for young adults (continued placement "
                "or youth support) are not created here."
            ),
            code="adult",
        )


def check_postcode(code: str, *, required: bool = True) -> None:
    if not code:
        if required:
            raise ValidationError(_("Write a postcode with four digits."), code="required")
        return
    if not is_known(code):
        raise ValidationError(
            _("%(code)s is not a Danish postcode. Write a postcode with four digits, e.g. 8000.")
            % {"code": code},
            code="unknown_postcode",
        )


def sibling_counts(*, age: int | None, placed_or_to_be: bool) -> bool:
    """Whether a sibling counts for § 52's "placed together" and as "placed elsewhere".

    Only a child under 18 who is placed or is to be placed does: an adult brother or a sister
    living at home is no split. An unknown age counts, so a doubt shows as a warning.
    """
    return placed_or_to_be and (age is None or age < ADULT_AGE)


def sibling_age(birth_date: date | None, birth_year: int | None, today: date) -> int | None:
    """The sibling's age; from a birth year alone the youngest it can be (a doubt counts)."""
    if birth_date is not None:
        return age_on(birth_date, today)
    if birth_year is not None:
        return max(0, today.year - birth_year - 1)
    return None


def check_sibling_split(placed_together: bool, split_reason: str, *, counts: bool = True) -> None:
    if counts and not placed_together and not split_reason.strip():
        raise ValidationError(
            _(
                "Siblings are placed together unless weighty reasons say otherwise (§ 52). "
                "Write the reason for placing them apart, or mark them to be placed together."
            ),
            code="split_without_reason",
        )


def check_consent(consent: str, consent_date: date | None, consent_form: str) -> None:
    if consent in ("given", "withdrawn") and (consent_date is None or not consent_form):
        raise ValidationError(
            _("Write the date and the form of the consent (§ 46) when it is given or withdrawn."),
            code="consent_details",
        )
