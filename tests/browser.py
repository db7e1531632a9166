# SPDX-License-Identifier: MPL-2.0
"""Browser fixtures: Playwright on Debian's Chromium, login through the real page, axe scans."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from placematch.core.pdf import warm_up

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every wait ends on its event or condition; these are only ceilings. A simple step (a click,
# a field, an ordinary page) gets STEP_MS. A step that does heavy work on the server gets
# HEAVY_MS: rendering a PDF, running the matching engine or its overview, making a decision
# (row locks and the reservation). Such steps have taken over 10 s on two busy cores, and a
# generous ceiling costs nothing when they are quick.
STEP_MS = 10_000
HEAVY_MS = 60_000
# Playwright's assertions wait 5 s by default, less than the steps around them.
expect.set_options(timeout=STEP_MS)
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 740}


def chromium_path() -> str:
    """The Chromium binary: CHROMIUM_PATH, else Debian's, preferring the real binary."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in ("/usr/lib/chromium/chromium", "/usr/bin/chromium"):
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("Chromium not found: install Debian's chromium or set CHROMIUM_PATH.")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def task_worker(live_server) -> Iterator[Worker]:
    """The task worker beside the live server, as `make run` starts it (in a thread here).

    It polls often, so a decision's PDFs are stored as soon as a worker could; the wait for
    them in a test ends on the link appearing, never after a fixed time.
    """
    warm_up()  # as `manage.py tasks_worker` does before its first task
    worker = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME], interval=0.1, batch=False,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=False, max_tasks=None,
        worker_id="browser-tests", excluded_queue_names=[],
    )  # fmt: skip

    def run() -> None:
        try:
            worker.run()
        finally:
            connections.close_all()  # the test database is flushed after the test

    thread = threading.Thread(target=run, name="task-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False  # ends after the task it is running, if any
    thread.join(timeout=HEAVY_MS / 1000)


@pytest.fixture
def page(browser: Browser, live_server, task_worker) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(STEP_MS)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser: Browser, live_server, task_worker) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, locale="da-DK", has_touch=True, is_mobile=True
    )
    context.set_default_timeout(STEP_MS)
    new_page = context.new_page()
    yield new_page
    context.close()


def wait_for_htmx(page: Page, timeout: float = STEP_MS) -> None:
    """Wait until htmx has no request in flight and has settled its swaps."""
    page.wait_for_load_state("networkidle", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')",
        timeout=timeout,
    )


def assert_accessible(page: Page, heading: str, timeout: float = STEP_MS) -> None:
    """Assert the page shows the expected h1 (a 404 page passes axe too), then no violations.

    Pass ``timeout=HEAVY_MS`` when the page is still being made by a heavy step.
    """
    wait_for_htmx(page, timeout)
    expect(page.locator("h1")).to_have_text(heading, timeout=timeout)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def download(page: Page, link_name: str) -> bytes:
    """Click the link and return the file it downloads once the download has finished.

    A decision's documents are rendered by the task worker and appear as links when stored;
    others are rendered when asked for (WeasyPrint). Both waits have the heavy ceiling.
    """
    link = page.get_by_role("link", name=link_name)
    expect(link).to_be_visible(timeout=HEAVY_MS)
    with page.expect_download(timeout=HEAVY_MS) as started:
        link.click()
    # path() returns when the download is complete (or raises if it failed).
    return started.value.path().read_bytes()


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot to screenshots/ when SCREENSHOTS is set (for looking at)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def login(live_server) -> Callable[[Page, str, str], None]:
    """Log in through the real login page."""

    def do_login(page: Page, username: str, password: str) -> None:
        page.goto("/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_load_state("networkidle")

    return do_login
