# SPDX-License-Identifier: MPL-2.0
"""Danish wording the pages share: the glossary's terms, plural forms and honest labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from placematch.children.tests.factories import CaseFactory

CATALOGUES = sorted(Path(__file__).resolve().parents[1].glob("placematch/*/locale/da/*/*.po"))
MSGSTR = re.compile(r'^msgstr(?:\[\d\])? "(.*)"$|^"(.*)"$', re.M)


def danish_texts() -> list[tuple[str, str]]:
    found = []
    for path in CATALOGUES:
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            if "msgstr" in block:
                text = "".join(a or b for a, b in MSGSTR.findall(block[block.index("msgstr") :]))
                found.append((path.parts[-5], text))
    return found


def test_the_catalogues_are_found():
    assert len(CATALOGUES) >= 10


def test_no_danish_text_adds_a_bare_s_to_a_name():
    # "Jens" + "s" reads "Jenss": a text names the person after the noun instead.
    bad = [(app, t) for app, t in danish_texts() if re.search(r"%\(\w+\)ss\b|\}\}s\b", t)]
    assert bad == []


def test_the_glossary_term_for_an_unmet_need_is_used_not_gab():
    bad = [(app, t) for app, t in danish_texts() if re.search(r"\bgab|gap-", t, re.I)]
    assert bad == []


@pytest.mark.django_db
def test_one_open_case_is_singular_and_a_conditional_field_is_not_called_optional(
    caseworker, client_for
):
    case = CaseFactory(
        child__organisation=caseworker.organisation, team=caseworker.team, caseworkers=[caseworker]
    )
    client = client_for(caseworker)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "1 åben sag." in dashboard and "1 åbne sager" not in dashboard
    people = client.get(reverse("children:people", args=[case.pk])).content.decode()
    label = re.search(r'<label class="form-label" for="id_sibling-name">(.*?)</label>', people)
    assert label and "frivilligt" not in label.group(1)
    birth_year = re.search(
        r'<label class="form-label" for="id_sibling-birth_year">(.*?)</label>', people
    )
    assert birth_year and "frivilligt" in birth_year.group(1)  # truly optional still says so
