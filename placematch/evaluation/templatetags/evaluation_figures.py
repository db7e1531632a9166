# SPDX-License-Identifier: MPL-2.0
"""evaluation: template filters that write estimates and shares the Danish way (comma, %)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from placematch.evaluation.survival import Concordance, Estimate

register = template.Library()
DASH = "–"


def _pct(value: float) -> str:
    return f"{number_format(value * 100, 1)} %"


@register.filter
def estimate(value: Estimate | None) -> str:
    """A share with its 95 % interval, or a dash when it would reveal a small count."""
    if value is None:
        return DASH
    return _("%(value)s (%(low)s to %(high)s)") % {
        "value": _pct(value.value),
        "low": _pct(value.low),
        "high": _pct(value.high),
    }


@register.filter
def concordance(value: Concordance | None) -> str:
    if value is None:
        return _("Too few to compute")
    return _("%(value)s (%(low)s to %(high)s)") % {
        "value": number_format(value.value, 2),
        "low": number_format(value.low, 2),
        "high": number_format(value.high, 2),
    }


@register.filter
def percent(value: float | None) -> str:
    return DASH if value is None else _pct(value)
