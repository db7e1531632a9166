# SPDX-License-Identifier: MPL-2.0
"""Print the demo users and the shared demo password, for `make run`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from placematch.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "List demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects.filter(username__startswith="demo-").order_by("username")
        if not users.exists():
            self.stdout.write("No demo users in this database.")
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in users[:40]:
            org = user.organisation.name if user.organisation else "-"
            self.stdout.write(f"  {user.username:<34} {user.get_role_display():<28} {org}")
