# SPDX-License-Identifier: MPL-2.0
"""A place index built in a transaction that is rolled back leaves no run without its snapshot."""

from __future__ import annotations

import pytest
from django.db import transaction

from placematch.matching.indexes import cache
from placematch.matching.models import IndexSnapshot
from placematch.matching.tests.factories import make_run


class _UndoneError(Exception):
    pass


def test_a_run_after_a_rolled_back_build_points_at_a_stored_snapshot(world, ranked):
    cache.clear()
    with pytest.raises(_UndoneError), transaction.atomic():
        make_run(world["case"], world["caseworker"])  # builds the index and stores its snapshot
        raise _UndoneError  # e.g. a later step of the same request fails: the snapshot row is gone
    run = make_run(world["case"], world["caseworker"])  # the warm index, from memory
    assert IndexSnapshot.objects.filter(pk=run.snapshot_id).exists()
