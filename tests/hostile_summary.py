# SPDX-License-Identifier: MPL-2.0
"""Adds up the requests of the hostile-input test's parts, also when workers ran them."""

from __future__ import annotations

import pytest

# The parts record these (record_property); xdist carries them to the main process.
REQUESTS = "hostile_requests"
PARTS = "hostile_parts"
# The whole walk sends at least this many requests; fewer means pages are no longer reached.
MINIMUM = 1000

_sent: dict[str, int] = {}
_parts: set[int] = set()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    properties = dict(report.user_properties)
    if REQUESTS in properties:
        _sent[report.nodeid] = int(properties[REQUESTS])
        _parts.add(int(properties.get(PARTS, 0)))


def _whole_walk_ran() -> bool:
    return len(_parts) == 1 and len(_sent) == next(iter(_parts))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _sent:
        total = sum(_sent.values())
        terminalreporter.write_sep("-", f"hostile input: {total} requests in {len(_sent)} parts")
        if _whole_walk_ran() and total <= MINIMUM:
            terminalreporter.write_line(f"hostile input: {MINIMUM} requests or fewer in all")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _sent and _whole_walk_ran() and sum(_sent.values()) <= MINIMUM:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
