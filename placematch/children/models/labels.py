# SPDX-License-Identifier: MPL-2.0
"""Model choices from the engine's shared codes, labelled in the active language."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import get_language

from matchengine.vocab import CodeEnum


def _label(member: CodeEnum) -> str:
    # The codes carry their own Danish wording; English is used whenever Danish is not active.
    return member.da if (get_language() or "").startswith("da") else member.en


label_lazy = lazy(_label, str)


def code_choices(enum: type[CodeEnum]) -> list[tuple[str, str]]:
    """(code, label) pairs whose label follows the active language."""
    return [(member.value, label_lazy(member)) for member in enum]


def code_label(enum: type[CodeEnum], code: str) -> str:
    """The label of one code in the active language, or the code itself when unknown."""
    try:
        return _label(enum(code))
    except ValueError:
        return code
