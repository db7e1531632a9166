# SPDX-License-Identifier: MPL-2.0
"""In a real browser, on the demo data: the analyst opens every evaluation page.

Each page shows its heading and its table and passes axe, at desktop and at phone width (with
screenshots when SCREENSHOTS is set). The demo's three years of placements are small numbers,
so the pages also show the "< 5" of the small-number rule. It loads every app's demo, so it
lives here.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from placematch.followup.models import PlacementRecord
from tests.browser import PHONE, assert_accessible, screenshot
from tests.test_demo import _load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# (url, heading, name for the screenshot, whether the page draws a chart)
PAGES = (
    ("/evaluation/", "Iværksatte anbringelser", "started", True),
    ("/evaluation/stability/", "Stabilitet", "stability", True),
    ("/evaluation/engine/", "Motoren holdt op mod udfaldet", "engine", False),
    ("/evaluation/fidelity/", "Troskab mod modellen", "fidelity", True),
    ("/evaluation/surveys/", "Spørgeskemaer", "surveys", True),
)


def test_the_analyst_reads_every_evaluation_page_on_the_demo(page, login):
    ctx = _load()
    busiest = Counter(PlacementRecord.objects.values_list("organisation_id", flat=True))
    organisation = busiest.most_common(1)[0][0]
    analyst = next(
        u for (_code, role), u in ctx.users.items()
        if role == "analyst" and u.organisation_id == organisation
    )  # fmt: skip
    login(page, analyst.username, "x")
    page.get_by_role("link", name="Se evalueringen").click()
    for url, heading, name, drawn in PAGES:
        page.goto(url)
        assert_accessible(page, heading)
        expect(page.locator("table").first).to_be_visible()
        if drawn:
            expect(page.locator("svg[role=img]").first).to_be_visible()
        if name == "started":  # the demo's few placements a year are small numbers
            expect(page.locator("main")).to_contain_text("< 5")
        if name == "engine":  # the concordance with its interval, or why it is not shown
            figure = page.locator("[data-figure=concordance]")
            expect(figure).to_contain_text(re.compile(r"\(\d,\d\d til \d,\d\d\)|For få"))
        screenshot(page, f"evaluation-{name}-1280")
    page.set_viewport_size(PHONE)
    for url, heading, name, _drawn in PAGES:
        page.goto(url)
        assert_accessible(page, heading)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, f"evaluation-{name}-375")
