# SPDX-License-Identifier: MPL-2.0
"""The place index: built once per provider-data version and day, kept per process.

Every change to provider data bumps ``ProviderDataVersion``; the first match on a new version
(or a new day, since free places and ages depend on the date) builds the engine's input for all
places, stores it as a snapshot under its SHA-256 hash (one row per distinct content), and keeps
the ``PlaceIndex`` in memory. Later requests on the same version reuse it; another process
loads the stored snapshot instead of reading the registry again. An old match run finds its
index by the snapshot hash, so it renders from exactly the places it was made on.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from pydantic import TypeAdapter

from matchengine.index import PlaceIndex
from matchengine.models import PlaceProfile
from placematch.matching.adapter import place_inputs
from placematch.matching.models import IndexSnapshot, IndexVersion, pack
from placematch.providers.models import ProviderDataVersion

SNAPSHOT = TypeAdapter(list[PlaceProfile])
# Indexes kept in memory per process; a 10,000-place index takes a few MiB.
KEEP = 4


@dataclass(frozen=True)
class LoadedIndex:
    snapshot: IndexSnapshot
    index: PlaceIndex
    data_version: int


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_hash: OrderedDict[str, PlaceIndex] = OrderedDict()
        self.current: dict[tuple[int, str, datetime.date], IndexSnapshot] = {}
        # How often the registry was read to build an index (a test counts it).
        self.builds = 0
        self.loads = 0

    def remember(self, sha: str, index: PlaceIndex) -> None:
        self.by_hash[sha] = index
        self.by_hash.move_to_end(sha)
        while len(self.by_hash) > KEEP:
            self.by_hash.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.by_hash.clear()
            self.current.clear()
            self.builds = self.loads = 0


cache = _Cache()


def _index_of(snapshot: IndexSnapshot) -> PlaceIndex:
    index = cache.by_hash.get(snapshot.sha256)
    if index is None:
        places = SNAPSHOT.validate_json(zlib.decompress(bytes(snapshot.data)))
        index = PlaceIndex(places)
        cache.loads += 1
        cache.remember(snapshot.sha256, index)
    else:
        cache.by_hash.move_to_end(snapshot.sha256)
    return index


def index_for_snapshot(snapshot: IndexSnapshot) -> PlaceIndex:
    """The index an existing run was made on (from memory, else from its stored snapshot)."""
    with cache.lock:
        return _index_of(snapshot)


def _store(data: list[dict[str, object]], left_out: dict[str, str]) -> IndexSnapshot:
    blob = pack(data)
    sha = hashlib.sha256(blob).hexdigest()
    found = IndexSnapshot.objects.filter(sha256=sha).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return IndexSnapshot.objects.create(
                sha256=sha, data=blob, place_count=len(data), left_out=left_out
            )
    except IntegrityError:  # another process stored the same content first
        return IndexSnapshot.objects.get(sha256=sha)


def _build(day: datetime.date) -> tuple[IndexSnapshot, PlaceIndex]:
    inputs = place_inputs(day)
    data = [p.model_dump(mode="json") for p in inputs.places]
    snapshot = _store(data, inputs.left_out)
    cache.builds += 1
    index = PlaceIndex(inputs.places)
    cache.remember(snapshot.sha256, index)
    return snapshot, index


def _version() -> tuple[int, str]:
    """The provider-data counter and when it last moved (so a reset database is noticed)."""
    row = ProviderDataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return (row[0], row[1].isoformat()) if row is not None else (0, "")


def current_index(day: datetime.date) -> LoadedIndex:
    """The index of the registry as it is now, for a reference day."""
    with cache.lock:
        version, stamp = _version()
        key = (version, stamp, day)
        snapshot = cache.current.get(key)
        if snapshot is None:
            row = IndexVersion.objects.select_related("snapshot").filter(
                data_version=version, reference_date=day
            )
            found = row.first()
            if found is not None:
                snapshot = found.snapshot
        if snapshot is not None:
            index = _index_of(snapshot)
        else:
            snapshot, index = _build(day)
            if _version() != (version, stamp):
                # The registry changed while it was read: remember nothing, the next call
                # rebuilds; the run keeps the older version, so it shows the "changed" notice.
                return LoadedIndex(snapshot, index, version)
            try:
                with transaction.atomic():
                    IndexVersion.objects.get_or_create(
                        data_version=version, reference_date=day, defaults={"snapshot": snapshot}
                    )
            except IntegrityError:
                pass
        cache.current = {key: snapshot}
        return LoadedIndex(snapshot, index, version)
