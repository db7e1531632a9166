# SPDX-License-Identifier: MPL-2.0
"""Django choices and labels for the engine's shared codes, in the active language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language

from matchengine.vocab import CodeEnum


def _label(member: CodeEnum) -> str:
    # The vocabulary carries both wordings, so no catalogue entry is needed per code. With no
    # language active (migrations, management commands) the English source wording is used.
    return member.da if (get_language() or "").startswith("da") else member.en


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
