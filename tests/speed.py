# SPDX-License-Identifier: MPL-2.0
"""Test-run speed-ups that change no test's steps or assertions: scans, flushes and order.

- Every new test ``Client`` builds its own middleware chain, and WhiteNoise's middleware scans
  the whole static folder (some 1,600 files) when it is built: 0.1-0.2 s per client, and the
  route matrix, the hostile-input walk and many page tests make hundreds of clients. The scan
  is kept per folder and settings for the run, so a client serves the same files with the same
  headers without reading the folder again.
- A test with ``transactional_db`` (browser journeys, races) ends with Django's flush, which
  on PostgreSQL is one ``TRUNCATE`` of every table: some 2-6 s, since each table and index gets
  new files. ``DELETE`` empties the same tables in a tenth of a second. Foreign keys are
  deferred to the end of the flush's transaction, so the order of the tables does not matter.
  (Should the project add a database trigger on delete, flush with ``TRUNCATE`` again here.)
- The root ``tests/`` (the whole-site walks and most browser journeys) were collected last, so
  one worker could still be walking the site long after the other ran out of tests. The
  heaviest tests now go first, and the workers share them with ``--dist worksteal``
  (pyproject.toml): each starts with half the list, and one that runs out takes half of what
  the other has left from the end, where the small tests are, so the two finish together.
  (The default ``load`` hands out the list in blocks, which would give one worker every heavy
  test.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

# Tests that walk every route of the site, in files of their own; the first group to start.
WHOLE_SITE_WALKS = frozenset(
    {
        "tests/test_route_matrix.py",
        "tests/test_case_status_owner.py",
        "tests/test_cache_control.py",
    }
)


def _weight(item: pytest.Item) -> int:
    """0 for the longest tests, 3 for the quick ones (the order within a weight is kept)."""
    if item.get_closest_marker("slow") or item.nodeid.split("::")[0] in WHOLE_SITE_WALKS:
        return 0
    if item.get_closest_marker("e2e"):
        return 1
    fixtures = set(getattr(item, "fixturenames", ()))
    if item.get_closest_marker("postgres") or fixtures & {"transactional_db", "live_server"}:
        return 2
    return 3


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every worker collects the same items and sorts them the same way (sort is stable).
    items.sort(key=_weight)


# -- WhiteNoise: one scan of each static folder per run ----------------------------------------

_SETTINGS_THAT_SHAPE_A_SCAN = (
    "STATIC_URL",
    "STATIC_ROOT",
    "STORAGES",
    "DEBUG",
    "FORCE_SCRIPT_NAME",
)


def _scan_key(whitenoise: Any, root: str, prefix: str) -> tuple[object, ...]:
    from django.conf import settings

    names = sorted(n for n in dir(settings) if n.startswith("WHITENOISE_"))
    shaping = [*names, *_SETTINGS_THAT_SHAPE_A_SCAN]
    return (
        type(whitenoise),
        root,
        prefix,
        whitenoise.max_age,
        whitenoise.allow_all_origins,
        whitenoise.charset,
        whitenoise.index_file,
        tuple((name, repr(getattr(settings, name, None))) for name in shaping),
    )


@pytest.fixture(scope="session", autouse=True)
def _static_folders_scanned_once() -> Iterator[None]:
    from whitenoise.base import WhiteNoise

    original = WhiteNoise.update_files_dictionary
    scans: dict[tuple[object, ...], dict[str, Any]] = {}

    def update_files_dictionary(self: WhiteNoise, root: str, prefix: str) -> None:
        key = _scan_key(self, root, prefix)
        if key not in scans:
            own, self.files = self.files, {}
            try:
                original(self, root, prefix)
                scans[key] = self.files
            finally:
                self.files = {**own, **self.files}
            return
        self.files.update(scans[key])

    WhiteNoise.update_files_dictionary = update_files_dictionary
    yield
    WhiteNoise.update_files_dictionary = original


# -- PostgreSQL: flush with DELETE ---------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete() -> Iterator[None]:
    from django.core.management.color import Style
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(
        self: BaseDatabaseOperations,
        style: Style,
        tables: Sequence[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or allow_cascade or not tables:
            return original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        quote = self.quote_name
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(quote(t))}" for t in tables
        ]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = original  # type: ignore[method-assign]
