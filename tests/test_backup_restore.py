# SPDX-License-Identifier: MPL-2.0
"""Backup and restore: a round trip gives the same content hash over every table and document,
and a damaged backup or a database with data in it is refused with what is wrong."""

from __future__ import annotations

import gzip
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from placematch.core.backup import backed_up_models, read_manifest, table_hash
from placematch.decisions.models import Decision, DecisionBasis
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import _plain_shortlist, decide_kwargs, world

__all__ = ["_plain_shortlist", "world"]  # the decisions tests' world: Vilja, her mother, two places

PDF = b"%PDF-1.4\n% fictitious decision basis for the backup test\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def backed_up(transactional_db, world, media, tmp_path):
    """The world with a decision and its frozen basis, a stored PDF, and a backup of it all."""
    decision = decision_make(**decide_kwargs(world))
    default_storage.save(f"decisions/{decision.pk}/basis.pdf", ContentFile(PDF))
    target = tmp_path / "backup"
    call_command("backup", str(target), verbosity=0)
    hashes = {model._meta.label_lower: table_hash(model) for model in backed_up_models()}
    return target, hashes, decision


def _empty_database_and_storage(media) -> None:
    """What an operator starts from: a migrated database with nothing in it, no documents."""
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_restore_into_an_empty_database_gives_the_same_hash_over_every_table_and_document(
    backed_up, media
):
    target, hashes, decision = backed_up
    manifest = read_manifest(target)
    assert {t.model for t in manifest.tables} == set(hashes)
    assert manifest.documents[0].name == f"decisions/{decision.pk}/basis.pdf"
    _empty_database_and_storage(media)
    assert not Decision.objects.exists()

    call_command("restore", str(target), verbosity=0)

    restored = {model._meta.label_lower: table_hash(model) for model in backed_up_models()}
    assert restored == hashes
    assert hashes["decisions.decisionbasis"][0] == 1
    basis = DecisionBasis.objects.get(decision_id=decision.pk)
    assert "Vilja" in basis.content
    assert default_storage.open(f"decisions/{decision.pk}/basis.pdf").read() == PDF


def test_a_damaged_table_file_is_refused_naming_the_table_and_nothing_is_restored(backed_up, media):
    target, _, _ = backed_up
    dump = next(t for t in read_manifest(target).tables if t.model == "children.child").files[0]
    rows = json.loads(gzip.decompress((target / dump.name).read_bytes()))
    rows[0]["fields"]["first_name"] = "Ukendt"
    (target / dump.name).write_bytes(gzip.compress(json.dumps(rows).encode()))
    _empty_database_and_storage(media)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(target), verbosity=0)
    assert f"table children.child: {dump.name} does not match its hash" in str(refused.value)
    assert not Decision.objects.exists()


def test_a_damaged_document_is_refused_naming_the_document(backed_up, media):
    target, _, decision = backed_up
    (target / "documents" / f"decisions/{decision.pk}/basis.pdf").write_bytes(PDF + b"x")
    _empty_database_and_storage(media)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(target), verbosity=0)
    assert f"document decisions/{decision.pk}/basis.pdf does not match its hash" in str(
        refused.value
    )


def test_a_restore_into_a_database_with_data_is_refused(backed_up):
    target, hashes, _ = backed_up
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(target), verbosity=0)
    assert "needs an empty database" in str(refused.value)
    assert "table accounts.user" in str(refused.value)
    assert table_hash(Decision) == hashes["decisions.decision"]
