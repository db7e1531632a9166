# SPDX-License-Identifier: MPL-2.0
"""Model choices and labels from the engine's shared codes, in the active language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language

from matchengine.vocab import CodeEnum


def _label(member: CodeEnum) -> str:
    # The vocabulary carries both wordings, so no catalogue entry is needed per code.
    language = (get_language() or "da")[:2]
    return member.label("en" if language == "en" else "da")


label_lazy = lazy(_label, str)


def code_choices(enum: type[CodeEnum]) -> list[tuple[str, Any]]:
    """(code, label) pairs whose label follows the language of the request."""
    return [(member.value, label_lazy(member)) for member in enum]


def label_of(enum: type[CodeEnum], code: str) -> str:
    """The label of one code, or the code itself when it is unknown."""
    try:
        return _label(enum(code))
    except ValueError:
        return code


def labels_of(enum: type[CodeEnum], codes: Iterable[str]) -> list[str]:
    return [label_of(enum, code) for code in codes]
