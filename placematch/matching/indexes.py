# SPDX-License-Identifier: MPL-2.0
"""The place index: kept per process, patched with the places each provider-data change touched.

Every change to provider data bumps ``ProviderDataVersion`` and records in the same transaction
which places it changed (``ProviderDataChange``). The first match on a version then patches the
process's warm index: it reloads only those places' engine input and asks the engine for a new
index with those rows replaced, added or removed (the old index is never changed, a concurrent
request may be reading it). It builds the index from the whole registry instead when the process
has no warm index, another day began (free places and ages depend on the date), the change log
does not reach back to the warm version or names no places, or too many places changed (ADR 0018).

A full build stores the snapshot of the places' engine input at once, under the SHA-256 hash of
its canonical compressed JSON (one row per distinct content), so another process loads it
instead of reading the registry. A patched index stores its snapshot only when a run needs it,
from the kept JSON of each place: the same content gives the same bytes and hash as a full
build. An old match run finds its index by the snapshot hash, so it renders from exactly the
places it was made on.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import threading
import zlib
from collections import OrderedDict
from typing import Any

from django.db import IntegrityError, transaction
from pydantic import TypeAdapter

from matchengine.index import PlaceIndex
from matchengine.models import PlaceProfile
from placematch.matching.adapter import place_inputs
from placematch.matching.models import IndexSnapshot, IndexVersion
from placematch.providers.models import ProviderDataChange, ProviderDataVersion

SNAPSHOT = TypeAdapter(list[PlaceProfile])
# Indexes kept in memory per process; a 10,000-place index takes a few MiB.
KEEP = 4
# Beyond these the index is built again: a patch of 500 places already costs a sixth of a full
# build at 10,000 places, and the change log is read row by row.
PATCH_MAX_VERSIONS = 1_000
PATCH_MAX_PLACES = 500


def canonical(data: Any) -> str:
    """The canonical JSON text ``pack`` compresses: the same data always gives the same text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _State:
    """One index with what it was made from; the snapshot is stored on first need."""

    def __init__(
        self,
        *,
        version: int,
        stamp: str,
        day: datetime.date,
        index: PlaceIndex,
        fragments: dict[int, str] | None,
        left_out: dict[str, str],
        snapshot: IndexSnapshot | None = None,
        exact: bool = True,
    ) -> None:
        self.version, self.stamp, self.day = version, stamp, day
        self.index = index
        # Each place's canonical JSON by primary key: a snapshot is their list in key order.
        self.fragments = fragments
        self.left_out = left_out
        # Exact: the content is the registry at ``version`` (it did not move while read).
        self.exact = exact
        self._stored = snapshot
        self._lock = threading.Lock()

    def snapshot(self, cache: _Cache) -> IndexSnapshot:
        with self._lock:
            if self._stored is not None:
                return self._stored
            assert self.fragments is not None
            text = "[" + ",".join(self.fragments[pk] for pk in sorted(self.fragments)) + "]"
            blob = zlib.compress(text.encode(), 6)
            # Remembered before the row is written: waiting for the cache's lock while holding
            # the new row's lock could wait forever on a build that stores the same content.
            with cache.lock:
                cache.remember(hashlib.sha256(blob).hexdigest(), self.index)
            stored = _store(blob, len(self.fragments), self.left_out)
            if self.exact:
                _record(self.version, self.day, stored)
            # Kept only once committed: a rolled-back transaction must not leave a run
            # pointing at a snapshot row that was never written.
            transaction.on_commit(lambda: setattr(self, "_stored", stored))
            return stored


class LoadedIndex:
    """The index of the registry at a provider-data version; its snapshot is stored on demand."""

    def __init__(self, state: _State, data_version: int, cache: _Cache) -> None:
        self.index = state.index
        self.data_version = data_version
        self._state = state
        self._cache = cache

    @property
    def snapshot(self) -> IndexSnapshot:
        return self._state.snapshot(self._cache)


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_hash: OrderedDict[str, PlaceIndex] = OrderedDict()
        self.warm: _State | None = None
        # How often the registry was read to build an index, a snapshot loaded, and an index
        # patched (tests count them).
        self.builds = 0
        self.loads = 0
        self.patches = 0

    def remember(self, sha: str, index: PlaceIndex) -> None:
        self.by_hash[sha] = index
        self.by_hash.move_to_end(sha)
        while len(self.by_hash) > KEEP:
            self.by_hash.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.by_hash.clear()
            self.warm = None
            self.builds = self.loads = self.patches = 0


cache = _Cache()


def _index_of(cache: _Cache, snapshot: IndexSnapshot) -> PlaceIndex:
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
        return _index_of(cache, snapshot)


def _store(blob: bytes, count: int, left_out: dict[str, str]) -> IndexSnapshot:
    sha = hashlib.sha256(blob).hexdigest()
    found = IndexSnapshot.objects.filter(sha256=sha).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return IndexSnapshot.objects.create(
                sha256=sha, data=blob, place_count=count, left_out=left_out
            )
    except IntegrityError:  # another process stored the same content first
        return IndexSnapshot.objects.get(sha256=sha)


def _record(version: int, day: datetime.date, snapshot: IndexSnapshot) -> None:
    """Say which snapshot the registry had at a version and day, for other processes."""
    try:
        with transaction.atomic():
            IndexVersion.objects.get_or_create(
                data_version=version, reference_date=day, defaults={"snapshot": snapshot}
            )
    except IntegrityError:
        pass


def _build(cache: _Cache, version: int, stamp: str, day: datetime.date) -> _State:
    inputs = place_inputs(day)
    fragments = {int(p.id): canonical(p.model_dump(mode="json")) for p in inputs.places}
    text = "[" + ",".join(fragments[int(p.id)] for p in inputs.places) + "]"
    snapshot = _store(zlib.compress(text.encode(), 6), len(fragments), inputs.left_out)
    cache.builds += 1
    index = PlaceIndex(inputs.places)
    cache.remember(snapshot.sha256, index)
    exact = _version() == (version, stamp)
    if exact:
        _record(version, day, snapshot)
    # Otherwise the registry changed while it was read: the run keeps the older version, so
    # it shows the "changed" notice, and the next call builds or patches again.
    state = _State(
        version=version,
        stamp=stamp,
        day=day,
        index=index,
        fragments=fragments,
        left_out=inputs.left_out,
        exact=exact,
    )
    # As in ``_State.snapshot``: the row is kept only once committed. Built in a transaction
    # that is rolled back, the state stores its snapshot again when a run next needs it.
    transaction.on_commit(lambda: setattr(state, "_stored", snapshot))
    return state


def _fragments_of(snapshot: IndexSnapshot) -> dict[int, str]:
    data = json.loads(zlib.decompress(bytes(snapshot.data)))
    return {int(item["id"]): canonical(item) for item in data}


def _changed_places(warm: _State, version: int) -> set[int] | None:
    """The places changed from the warm version to ``version``; None when the log cannot say."""
    if version - warm.version > PATCH_MAX_VERSIONS:
        return None
    rows = list(
        ProviderDataChange.objects.filter(version__gte=warm.version, version__lte=version)
        .order_by("version")
        .values_list("changed_at", "places")
    )
    # The warm version's own row proves this is the same registry (a reset database starts
    # its counter again with other times); every later version must have its row.
    if len(rows) != version - warm.version + 1 or rows[0][0].isoformat() != warm.stamp:
        return None
    changed: set[int] = set()
    for _changed_at, places in rows[1:]:
        if places is None:
            return None
        changed.update(int(pk) for pk in places)
    return changed if len(changed) <= PATCH_MAX_PLACES else None


def _patch(cache: _Cache, warm: _State, version: int, stamp: str) -> _State | None:
    changed = _changed_places(warm, version)
    if changed is None:
        return None
    inputs = place_inputs(warm.day, changed)
    fragments = warm.fragments
    if fragments is None:
        assert warm._stored is not None
        fragments = warm.fragments = _fragments_of(warm._stored)
    fragments = {pk: text for pk, text in fragments.items() if pk not in changed}
    for place in inputs.places:
        fragments[int(place.id)] = canonical(place.model_dump(mode="json"))
    left_out = {k: v for k, v in warm.left_out.items() if int(k) not in changed}
    left_out = dict(sorted({**left_out, **inputs.left_out}.items(), key=lambda kv: int(kv[0])))
    upserted = {p.id for p in inputs.places}
    removals = [str(pk) for pk in changed if str(pk) not in upserted]
    # The index keeps the registry's order (by primary key); new places with the highest keys
    # simply come last, any other new place needs the whole order.
    ids = warm.index.ids
    new = [int(p.id) for p in inputs.places if p.id not in warm.index.position]
    in_order = not new or not ids or min(new) > int(ids[-1])
    order = None if in_order else [str(pk) for pk in sorted(fragments)]
    index = warm.index.with_changes(inputs.places, removals, order=order)
    cache.patches += 1
    return _State(
        version=version,
        stamp=stamp,
        day=warm.day,
        index=index,
        fragments=fragments,
        left_out=left_out,
        exact=_version() == (version, stamp),
    )


def _version() -> tuple[int, str]:
    """The provider-data counter and when it last moved (so a reset database is noticed)."""
    row = ProviderDataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return (row[0], row[1].isoformat()) if row is not None else (0, "")


def _current(cache: _Cache, day: datetime.date) -> LoadedIndex:
    with cache.lock:
        version, stamp = _version()
        warm = cache.warm
        if warm is not None and (warm.version, warm.stamp, warm.day) == (version, stamp, day):
            return LoadedIndex(warm, version, cache)
        state = None
        if warm is not None and warm.day == day and warm.version < version:
            state = _patch(cache, warm, version, stamp)
        if state is None:
            found = (
                IndexVersion.objects.select_related("snapshot")
                .filter(data_version=version, reference_date=day)
                .first()
            )
            if found is not None:
                snapshot = found.snapshot
                state = _State(
                    version=version,
                    stamp=stamp,
                    day=day,
                    index=_index_of(cache, snapshot),
                    fragments=None,
                    left_out=dict(snapshot.left_out),
                    snapshot=snapshot,
                )
            else:
                state = _build(cache, version, stamp, day)
        if state.exact:
            cache.warm = state
        return LoadedIndex(state, version, cache)


def current_index(day: datetime.date) -> LoadedIndex:
    """The index of the registry as it is now, for a reference day."""
    return _current(cache, day)
