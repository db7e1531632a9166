# SPDX-License-Identifier: MPL-2.0
"""Outbox test fixtures: an empty memory channel around each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from placematch.outbox.channels import MemoryChannel


@pytest.fixture(autouse=True)
def _empty_memory_channel() -> Iterator[None]:
    MemoryChannel.sent.clear()
    yield
    MemoryChannel.sent.clear()
