# SPDX-License-Identifier: MPL-2.0
"""audit: the national dataset's access log, up to its number of rows, over the kept period.

Reads and lists of the children's data by the municipalities' own users, spread over the
retention period (``PLACEMATCH_AUDIT_RETENTION_DAYS``), so ``prune_access_log`` keeps them.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from placematch.audit.models import AccessLogEntry, Action
from placematch.audit.services import CHILD_SUBJECT
from placematch.core.national import NationalContext

BATCH = 10_000
ROUTES = (
    (Action.VIEW, "children:case_detail", 5),
    (Action.LIST, "children:case_list", 3),
    (Action.VIEW, "matching:run_detail", 1),
    (Action.VIEW, "children:wishes", 1),
)


def load(nctx: NationalContext, children: list[tuple[int, int, int]]) -> None:
    """``children``: (child id, case id, organisation id) of every child, to name as subjects."""
    rng = nctx.demo.rng
    wanted = nctx.sizes["access_log"] - AccessLogEntry.objects.count()
    now = timezone.now()
    seconds = int(timedelta(days=settings.AUDIT_RETENTION_DAYS - 1).total_seconds())
    readers: dict[int, list] = {}
    for user in nctx.readers:
        if user.role in ("caseworker", "team_leader"):
            readers.setdefault(user.organisation_id, []).append(user)
    actions, weights = [(a, r) for a, r, _w in ROUTES], [w for _a, _r, w in ROUTES]
    done = 0
    while done < wanted:
        rows = []
        for _ in range(min(BATCH, wanted - done)):
            child_id, case_id, org_id = rng.choice(children)
            user = rng.choice(readers[org_id])
            action, route = rng.choices(actions, weights)[0]
            listed = action == Action.LIST
            rows.append(
                AccessLogEntry(
                    time=now - timedelta(seconds=rng.randint(60, seconds)), user=user,
                    username=user.username, organisation_id=org_id, action=action,
                    object_type=CHILD_SUBJECT if listed else "children.case",
                    object_id="" if listed else str(case_id),
                    subject_type="" if listed else CHILD_SUBJECT,
                    subject_id="" if listed else str(child_id), route=route,
                    detail={"ids": [str(child_id)], "count": 1} if listed else {},
                )
            )  # fmt: skip
        AccessLogEntry.objects.bulk_create(rows)
        done += len(rows)
