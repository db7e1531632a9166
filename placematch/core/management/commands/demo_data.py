# SPDX-License-Identifier: MPL-2.0
"""Load the demo data: each app's demo.py in layer order, with one seeded random source."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from placematch.core.demo import DemoContext

DEMO_APPS = (
    "core",
    "accounts",
    "audit",
    "involvement",
    "children",
    "providers",
    "matching",
    "decisions",
    "preparation",
    "followup",
    "evaluation",
)


class Command(BaseCommand):
    help = "Load fictitious demo data (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any user exists already."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "demo_data only runs with DJANGO_DEBUG=true: it must never touch real data."
            )
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        if options["if_empty"] and user_model.objects.exists():
            self.stdout.write("Demo data not loaded: the database already has users.")
            return
        ctx = DemoContext()
        with transaction.atomic():
            for label in DEMO_APPS:
                import_module(f"placematch.{label}.demo").load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
