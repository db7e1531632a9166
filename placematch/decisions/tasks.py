# SPDX-License-Identifier: MPL-2.0
"""decisions: background work, run by the task worker (django-tasks, ADR 0015)."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks import task

from placematch.decisions.store import decision_documents_render


@task()
def render_decision_documents(decision_id: int) -> int:
    """Render and store every PDF of a decision (a second run stores nothing new)."""
    return decision_documents_render(decision_id=decision_id)


def documents_prepare_on_commit(decision_id: int) -> None:
    """Enqueue the decision's PDFs once its transaction commits; a rollback enqueues nothing.

    Robust: a queue that cannot take the task must not turn a saved decision into an error
    page; the first download then renders the PDF itself.
    """
    transaction.on_commit(
        partial(render_decision_documents.enqueue, decision_id=decision_id), robust=True
    )
