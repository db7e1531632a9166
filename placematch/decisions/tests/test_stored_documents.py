# SPDX-License-Identifier: MPL-2.0
"""A decision's PDFs rendered once off the request path, stored, and served byte for byte."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from placematch.audit.models import AccessLogEntry
from placematch.core.tests.worker import run_worker
from placematch.decisions import store
from placematch.decisions.models import Decision, DecisionDocument
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import decide_kwargs

pytestmark = pytest.mark.django_db


def test_the_worker_stores_each_pdf_once_and_downloads_give_the_same_bytes(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_make(**decide_kwargs(world))
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("render_decision_documents")
    assert queued.args_kwargs["kwargs"] == {"decision_id": decision.pk}
    client = client_for(world["caseworker"])
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    # Before the worker: the page answers and says the documents are being prepared.
    assert "bliver lavet nu" in page and "<progress" in page
    assert reverse("decisions:decision_documents", args=[decision.pk]) in page
    assert reverse("decisions:decision_basis", args=[decision.pk]) not in page

    run_worker(monkeypatch)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    specs = store.document_specs(decision)
    assert DecisionDocument.objects.filter(decision=decision).count() == len(specs) == 5
    panel = client.get(reverse("decisions:decision_documents", args=[decision.pk]))
    assert "bliver lavet nu" not in panel.content.decode()
    assert 'hx-trigger="every' not in panel.content.decode()  # it stops asking

    url = reverse("decisions:decision_basis", args=[decision.pk])
    first, second = client.get(url).content, client.get(url).content
    stored = DecisionDocument.objects.get(
        decision=decision, document="basis", audience="caseworker"
    )
    assert first == second == bytes(stored.content)
    assert first.startswith(b"%PDF")
    exports = AccessLogEntry.objects.filter(action="export", detail__document="basis")
    assert [e.detail["sha256"] for e in exports] == [stored.sha256, stored.sha256]
    # A second run (a retried task) renders nothing new.
    assert store.decision_documents_render(decision_id=decision.pk) == len(specs)
    assert DecisionDocument.objects.filter(decision=decision).count() == len(specs)


def test_a_second_render_racing_the_first_keeps_the_first_row(world, monkeypatch):
    decision = decision_make(**decide_kwargs(world))
    first = store.decision_document_store(decision=decision, spec=store.LOCATION_LETTER)
    # The other render looked before the first was stored, rendered, and now stores too.
    monkeypatch.setattr(store, "_stored", lambda key: None)
    again = store.decision_document_store(decision=decision, spec=store.LOCATION_LETTER)
    assert again.pk == first.pk
    assert DecisionDocument.objects.filter(decision=decision).count() == 1


def test_a_rolled_back_decision_enqueues_nothing(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        decision_make(**decide_kwargs(world))
        raise RuntimeError("the request failed after the decision")
    assert callbacks == []
    assert not Decision.objects.exists()
    assert not DBTaskResult.objects.exists()
