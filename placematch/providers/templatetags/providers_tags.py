# SPDX-License-Identifier: MPL-2.0
"""Template helpers for the registry: type labels that respect who may see them, code labels."""

from __future__ import annotations

from typing import Any

from django import template

from matchengine.vocab import (
    Dimension,
    NeedTag,
    PlaceForm,
    PlaceType,
    QualityTheme,
    SupportKind,
    SupportLevel,
)
from placematch.core.codes import label_of, labels_of
from placematch.providers.access import sees_foster_family_type

register = template.Library()


@register.filter
def place_type_for(place: Any, user: Any) -> str:
    """The §43 type; for a foster family only municipal users see which kind it is."""
    if place.is_foster_family and not sees_foster_family_type(user):
        return label_of(PlaceForm, PlaceForm.FOSTER_FAMILY.value)
    return label_of(PlaceType, place.place_type)


@register.filter
def need_tags(codes: list[str]) -> str:
    return ", ".join(labels_of(NeedTag, codes))


@register.filter
def dimension_label(code: str) -> str:
    return label_of(Dimension, code)


@register.filter
def theme_label(code: str) -> str:
    return label_of(QualityTheme, code)


@register.filter
def support_kind_label(code: str) -> str:
    return label_of(SupportKind, code)


@register.filter
def level_label(code: str) -> str:
    return label_of(SupportLevel, code)
