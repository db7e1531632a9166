# SPDX-License-Identifier: MPL-2.0
"""outbox: delivery as a background task, enqueued when a message is queued and every minute."""

from __future__ import annotations

from django_tasks import task

from placematch.outbox.services import outbox_deliver


# Ahead of document rendering: a PIN or a link waiting behind a backlog of PDFs helps no one.
@task(priority=10)
def outbox_send(limit: int = 100) -> dict[str, int]:
    """Send the due messages (retries and backoff are the outbox's own, ADR 0013)."""
    report = outbox_deliver(limit=limit)
    return {"sent": report.sent, "retrying": report.retrying, "failed": report.failed}
