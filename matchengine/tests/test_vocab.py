# SPDX-License-Identifier: MPL-2.0
"""The shared codes are stable, labelled and importable without third-party packages."""

import re
import subprocess
import sys

from matchengine import vocab


def test_every_code_is_snake_case_and_labelled_in_both_languages():
    for enum in vocab.ALL_ENUMS:
        for member in enum:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", member.value), member
            assert member.da and member.en, member
            assert vocab.LABELS[enum][member.value] == (member.da, member.en)


def test_seven_matching_dimensions_and_three_context_dimensions():
    assert len(vocab.Dimension) == 7
    assert len(vocab.ContextDimension) == 3
    assert not set(vocab.Dimension) & set(vocab.ContextDimension)


def test_every_place_type_has_a_form_and_constraint_a_kind():
    assert set(vocab.PLACE_FORM) == set(vocab.PlaceType)
    assert set(vocab.CONSTRAINT_KIND) == set(vocab.ConstraintCode)
    assert set(vocab.SUGGESTED_SUPPORT) == set(vocab.Dimension)


def test_choices_give_code_and_label():
    assert vocab.choices(vocab.SupportLevel, "en")[0] == ("none", "None")
    assert vocab.SupportLevel.NOT_ASSESSED not in vocab.SUPPORT_LEVEL_RANK


def test_vocab_imports_only_the_standard_library():
    code = (
        "import sys, matchengine.vocab;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('numpy','pydantic','scipy','django')];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
