# SPDX-License-Identifier: MPL-2.0
"""Write the load test's plan: which log-ins to use and which pages each may open.

Runs with Django against the load database and writes JSON for the simulated users: per role,
users with the cases they see, the stored match runs of those cases, and for provider staff
the inquiries in their inbox. Only pages the user may open are listed, so an error is an error.
"""

from __future__ import annotations

import json
import os
import sys

import django

PER_ROLE = 40
PER_USER = 40


def build() -> dict[str, object]:
    from placematch.accounts.models import Role, User
    from placematch.children.selectors import visible_cases
    from placematch.core.demo import DEMO_PASSWORD, SURNAMES
    from placematch.matching.models import Inquiry, MatchRun

    plan: dict[str, object] = {"password": DEMO_PASSWORD, "search": [s[:5] for s in SURNAMES]}
    users = User.objects.filter(username__startswith="demo-", is_active=True).order_by("pk")
    # Users of municipalities with stored runs first, so the match page is among their clicks.
    with_runs = set(MatchRun.objects.values_list("case__organisation_id", flat=True).distinct())
    for role in (Role.CASEWORKER, Role.TEAM_LEADER):
        chosen = []
        candidates = sorted(
            users.filter(role=role), key=lambda u: u.organisation_id not in with_runs
        )
        for user in candidates[:PER_ROLE]:
            cases = list(
                visible_cases(user).order_by("-pk").values_list("pk", flat=True)[:PER_USER]
            )
            runs = list(
                MatchRun.objects.filter(case_id__in=visible_cases(user).values("pk"))
                .order_by("-pk")
                .values_list("pk", flat=True)[:PER_USER]
            )
            if cases:
                chosen.append({"username": user.username, "cases": cases, "runs": runs})
        plan[role.value] = chosen
    plan[Role.ANALYST.value] = [
        {"username": u.username} for u in users.filter(role=Role.ANALYST)[:PER_ROLE]
    ]
    staff = []
    for user in users.filter(role__in=[Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN]):
        inquiries = list(
            Inquiry.objects.filter(place__provider__organisation_id=user.organisation_id)
            .order_by("-pk")
            .values_list("pk", flat=True)[:PER_USER]
        )
        if inquiries:
            staff.append({"username": user.username, "inquiries": inquiries})
        if len(staff) >= PER_ROLE:
            break
    plan[Role.PROVIDER_STAFF.value] = staff
    return plan


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    plan = build()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(plan, out)
    counts = {k: len(v) for k, v in plan.items() if isinstance(v, list) and k != "search"}
    print(f"load plan: {counts}")


if __name__ == "__main__":
    main()
