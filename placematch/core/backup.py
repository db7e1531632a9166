# SPDX-License-Identifier: MPL-2.0
"""Backup and restore: every table through Django's serialisation, every stored document, and a
manifest with a content hash per table and per document.

The dump goes through the ORM, not pg_dump or SQLite's own tools, so it needs nothing installed
beside the application, reads the same on SQLite and PostgreSQL and restores into either (see
docs/adr/0012-backup-metrics-retention.md). A table's content hash is computed from its rows as
the serialiser sees them (ordered by primary key, keys sorted), so the same hash over a restored
database proves the content is the same, whatever the file bytes.
"""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
TABLES = "tables"
DOCUMENTS = "documents"
# Rows per dump file: loaddata reads one file at a time into memory.
CHUNK_ROWS = 20_000
# Rows that `migrate` writes into a new database; a restore replaces them with the backup's.
MIGRATE_FILLS = (Permission, ContentType)


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says what and where."""


@dataclasses.dataclass(frozen=True)
class DumpFile:
    name: str  # relative to the backup directory
    sha256: str


@dataclasses.dataclass(frozen=True)
class TableEntry:
    model: str  # app_label.modelname
    table: str
    rows: int
    sha256: str  # content hash of the rows
    files: tuple[DumpFile, ...]


@dataclasses.dataclass(frozen=True)
class DocumentEntry:
    name: str  # the storage name
    size: int
    sha256: str


@dataclasses.dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    vendor: str
    migrations: tuple[str, ...]
    tables: tuple[TableEntry, ...]
    documents: tuple[DocumentEntry, ...]

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            raw = json.loads(text)
            return cls(
                format=int(raw["format"]),
                created_at=str(raw["created_at"]),
                vendor=str(raw["vendor"]),
                migrations=tuple(raw["migrations"]),
                tables=tuple(
                    TableEntry(
                        model=t["model"],
                        table=t["table"],
                        rows=int(t["rows"]),
                        sha256=t["sha256"],
                        files=tuple(DumpFile(**f) for f in t["files"]),
                    )
                    for t in raw["tables"]
                ),
                documents=tuple(DocumentEntry(**d) for d in raw["documents"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"The manifest cannot be read: {error}.") from error


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table the project owns or uses, in a stable order."""
    found = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def _rows(model: type[models.Model]) -> Iterator[list[dict[str, Any]]]:
    """The table's rows as the serialiser writes them, ordered by primary key, in chunks."""
    queryset = model._base_manager.order_by("pk")
    chunk: list[models.Model] = []
    for obj in queryset.iterator(chunk_size=2000):
        chunk.append(obj)
        if len(chunk) == CHUNK_ROWS:
            yield serializers.serialize("python", chunk)
            chunk = []
    if chunk:
        yield serializers.serialize("python", chunk)


def _row_bytes(row: dict[str, Any]) -> bytes:
    return json.dumps(row, sort_keys=True, cls=FullPrecisionEncoder, ensure_ascii=False).encode()


def table_hash(model: type[models.Model]) -> tuple[int, str]:
    """Row count and content hash of one table as the database holds it now."""
    digest = hashlib.sha256()
    count = 0
    for chunk in _rows(model):
        for row in chunk:
            digest.update(_row_bytes(row) + b"\n")
            count += 1
    return count, digest.hexdigest()


def stored_documents(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every name in the file storage, depth first, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_documents(storage, f"{folder}/{sub}" if folder else sub)


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def document_hash(name: str, storage: Storage = default_storage) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def applied_migrations() -> tuple[str, ...]:
    applied = MigrationRecorder(connection).applied_migrations()
    return tuple(sorted(f"{app}.{name}" for app, name in applied))


def _write_table(model: type[models.Model], target: Path) -> TableEntry:
    label = model._meta.label_lower
    digest = hashlib.sha256()
    rows = 0
    files: list[DumpFile] = []
    for number, chunk in enumerate(_rows(model)):
        for row in chunk:
            digest.update(_row_bytes(row) + b"\n")
        rows += len(chunk)
        name = f"{TABLES}/{label}.{number:04d}.json.gz"
        # mtime=0: the same rows give the same file bytes.
        with gzip.GzipFile(target / name, "wb", mtime=0) as handle:
            handle.write(json.dumps(chunk, cls=FullPrecisionEncoder, ensure_ascii=False).encode())
        files.append(DumpFile(name=name, sha256=_file_hash(target / name)))
    return TableEntry(
        model=label, table=model._meta.db_table, rows=rows, sha256=digest.hexdigest(),
        files=tuple(files),
    )  # fmt: skip


def _consistent_snapshot(outermost: bool) -> None:
    """On PostgreSQL, every table is read from one snapshot of the database.

    SQLite gives one snapshot inside any transaction. Inside a caller's transaction (a test)
    the isolation level is the caller's.
    """
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def backup(target: Path, storage: Storage = default_storage) -> Manifest:
    """Write every table and every stored document to an empty or new directory."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; give a new or empty directory.")
    (target / TABLES).mkdir(parents=True, exist_ok=True)
    (target / DOCUMENTS).mkdir(exist_ok=True)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _consistent_snapshot(outermost)
        migrations = applied_migrations()
        tables = tuple(_write_table(model, target) for model in backed_up_models())
    documents: list[DocumentEntry] = []
    for name in stored_documents(storage):
        copy = target / DOCUMENTS / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, copy.open("wb") as sink:
            shutil.copyfileobj(source, sink)
        documents.append(
            DocumentEntry(name=name, size=copy.stat().st_size, sha256=_file_hash(copy))
        )
    manifest = Manifest(
        format=FORMAT,
        created_at=timezone.now().isoformat(),
        vendor=connection.vendor,
        migrations=migrations,
        tables=tables,
        documents=tuple(documents),
    )
    (target / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> Manifest:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} holds no {MANIFEST}: it is not a backup.")
    manifest = Manifest.from_json(path.read_text(encoding="utf-8"))
    if manifest.format != FORMAT:
        raise BackupError(f"The backup has format {manifest.format}; this version reads {FORMAT}.")
    return manifest


def damaged_files(source: Path, manifest: Manifest) -> list[str]:
    """What in the backup directory does not match the manifest, one line per file."""
    problems: list[str] = []
    for table in manifest.tables:
        for dump in table.files:
            path = source / dump.name
            if not path.is_file():
                problems.append(f"table {table.model}: {dump.name} is missing")
            elif _file_hash(path) != dump.sha256:
                problems.append(f"table {table.model}: {dump.name} does not match its hash")
    for document in manifest.documents:
        path = source / DOCUMENTS / document.name
        if not path.is_file():
            problems.append(f"document {document.name} is missing")
        elif _file_hash(path) != document.sha256:
            problems.append(f"document {document.name} does not match its hash")
    return problems


def occupied(storage: Storage = default_storage) -> list[str]:
    """Tables (beyond what migrate fills) and documents already present in the target."""
    filled_by_migrate = {m._meta.label_lower for m in MIGRATE_FILLS}
    found = [
        f"table {model._meta.label_lower}"
        for model in backed_up_models()
        if model._meta.label_lower not in filled_by_migrate and model._base_manager.exists()
    ]
    found += [f"document {name}" for name in stored_documents(storage)]
    return found


def content_mismatches(manifest: Manifest, storage: Storage = default_storage) -> list[str]:
    """Tables and documents whose content hash differs from the manifest's."""
    problems: list[str] = []
    expected = {t.model: t for t in manifest.tables}
    for model in backed_up_models():
        label = model._meta.label_lower
        entry = expected.pop(label, None)
        rows, digest = table_hash(model)
        if entry is None:
            if rows:
                problems.append(f"table {label}: {rows} rows the backup does not have")
        elif digest != entry.sha256:
            problems.append(
                f"table {label}: content hash differs ({rows} rows, backup has {entry.rows})"
            )
    problems += [f"table {label}: not in this database" for label in sorted(expected)]
    for document in manifest.documents:
        if not storage.exists(document.name):
            problems.append(f"document {document.name}: not restored")
        elif document_hash(document.name, storage)[1] != document.sha256:
            problems.append(f"document {document.name}: content hash differs")
    return problems


def _fixtures(source: Path, manifest: Manifest) -> Iterable[str]:
    for table in manifest.tables:
        for dump in table.files:
            yield str(source / dump.name)


def _listed(heading: str, problems: list[str]) -> str:
    return heading + ":\n  " + "\n  ".join(problems)


def restore(source: Path, storage: Storage = default_storage) -> Manifest:
    """Load a backup into an empty database and storage, then prove every hash matches.

    Refuses before writing anything when a file of the backup is damaged, the schema differs
    or the target holds data; a content mismatch after loading rolls the database back.
    """
    manifest = read_manifest(source)
    damaged = damaged_files(source, manifest)
    if damaged:
        raise BackupError(_listed("The backup is damaged", damaged))
    ours = set(applied_migrations())
    theirs = set(manifest.migrations)
    if ours != theirs:
        missing = sorted(theirs - ours)[:5]
        extra = sorted(ours - theirs)[:5]
        raise BackupError(
            "The database's migrations differ from the backup's: run `migrate` to the backup's "
            f"state first. Only in the backup: {missing or 'none'}; only here: {extra or 'none'}."
        )
    present = occupied(storage)
    if present:
        raise BackupError(
            "Restore needs an empty database and file storage; found data in: "
            + ", ".join(present[:10])
            + (" …" if len(present) > 10 else "")
        )
    with transaction.atomic():
        for model in MIGRATE_FILLS:
            model._base_manager.all().delete()
        call_command("loaddata", *_fixtures(source, manifest), verbosity=0)
        ContentType.objects.clear_cache()
        problems = content_mismatches(dataclasses.replace(manifest, documents=()), storage)
        if problems:
            raise BackupError(_listed("The restored tables differ from the backup", problems))
    for document in manifest.documents:
        with (source / DOCUMENTS / document.name).open("rb") as handle:
            saved = storage.save(document.name, File(handle))
        if saved != document.name:
            raise BackupError(f"document {document.name} was stored as {saved}")
    problems = [p for p in content_mismatches(manifest, storage) if p.startswith("document")]
    if problems:
        raise BackupError(_listed("The restored documents differ from the backup", problems))
    return manifest
