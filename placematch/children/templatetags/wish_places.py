# SPDX-License-Identifier: MPL-2.0
"""The list of towns and postcodes a wish's "where" is picked from."""

from __future__ import annotations

from django import template

from placematch.core import postcodes

register = template.Library()


@register.simple_tag
def wish_place_options() -> list[str]:
    """Every Danish postcode as "8600 Silkeborg", in postcode order."""
    return [postcodes.label(p) for p in postcodes.all_postcodes()]
