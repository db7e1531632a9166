# SPDX-License-Identifier: MPL-2.0
"""``manage.py national_data``: a country-sized fictitious database for load tests.

98 municipalities, about 15,000 children with cases at every stage, 10,000 providers with
20,000 places, three years of match runs, inquiries, decisions, placements and follow-ups, and
1,000,000 access-log rows; ``--scale`` makes a smaller one. Seeded, so the same every time.
The first municipalities (``FULL["lived"]``) are lived through the demo's own loaders, every
step through the service a user's click calls; the rest is added in bulk by each app's
``national.py``, in layer order, keeping the invariants the services keep. Everything is
fictitious and says so. Refuses to run outside development unless told it is no production
database, and refuses a database that has any user or organisation already.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from placematch.core.demo import DemoContext
from placematch.core.national import NationalContext

# The demo's loaders that live the first municipalities' cases, in layer order, on the demo's
# registry (a place index of a few hundred places keeps their many runs quick).
LIVED = (
    "core", "audit", "involvement", "children", "providers", "matching", "decisions",
    "preparation", "followup",
)  # fmt: skip
# Then each app's bulk part, in layer order; the access log last, naming every child.
NATIONAL = ("providers", "children", "matching")
NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"


def _scale(value: str) -> float:
    try:
        scale = float(value)
    except ValueError:
        scale = 0.0
    if not 0 < scale <= 1:
        raise CommandError(_("The scale must be a number above 0 and at most 1, e.g. 0.01."))
    return scale


class Command(BaseCommand):
    help = "Build a national-size fictitious dataset for load tests (never on real data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", default="1", help="A share of the full size, e.g. 0.01 (default 1)."
        )
        parser.add_argument(
            NOT_PRODUCTION_FLAG,
            action="store_true",
            dest="not_production",
            help="Run without DJANGO_DEBUG: this database holds no real data.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database has data already.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = _scale(str(options["scale"]))
        if not (settings.DEBUG or options["not_production"]):
            raise CommandError(
                _(
                    "national_data only runs with DJANGO_DEBUG=true or with "
                    "%(flag)s: it fills the database with fictitious data."
                )
                % {"flag": NOT_PRODUCTION_FLAG}
            )
        if settings.PRODUCTION:
            raise CommandError(_("national_data never runs with DJANGO_ENV=production."))
        if self._has_data():
            if options["if_empty"]:
                self.stdout.write(_("The database has data already: nothing was added."))
                return
            raise CommandError(
                _("The database is not empty: national_data only fills an empty database.")
            )
        nctx = NationalContext.at(scale, DemoContext())
        started = time.perf_counter()
        with transaction.atomic():
            self._build(nctx)
        total = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(self._summary(total)))

    @staticmethod
    def _has_data() -> bool:
        accounts = import_module("placematch.accounts.models")
        return bool(accounts.User.objects.exists() or accounts.Organisation.objects.exists())

    def _step(self, nctx: NationalContext, name: str, run: Callable[[], object]) -> None:
        began = time.perf_counter()
        run()
        nctx.timings[name] = time.perf_counter() - began
        self.stdout.write(f"{name}: {nctx.timings[name]:.1f} s", ending="\n")
        self.stdout.flush()

    def _build(self, nctx: NationalContext) -> None:
        ctx = nctx.demo
        accounts = import_module("placematch.accounts.national")
        self._step(nctx, "accounts", lambda: accounts.load(nctx))
        for label in LIVED:
            demo: Any = import_module(f"placematch.{label}.demo")
            self._step(nctx, f"lived {label}", partial(demo.load, ctx))
        for label in NATIONAL:
            part: Any = import_module(f"placematch.{label}.national")
            self._step(nctx, label, partial(part.load, nctx))
        children = import_module("placematch.children.models")
        subjects = list(children.Case.objects.values_list("child_id", "pk", "organisation_id"))
        self._step(
            nctx, "access log",
            lambda: import_module("placematch.audit.national").load(nctx, subjects),
        )  # fmt: skip
        refused = ctx.shared.get("decisions.refused")
        if refused:
            raise CommandError(f"A lived decision was refused by a gate: {refused[0]}")

    @staticmethod
    def _summary(total: float) -> str:
        accounts = import_module("placematch.accounts.models")
        children = import_module("placematch.children.models")
        providers = import_module("placematch.providers.models")
        audit = import_module("placematch.audit.models")
        return _(
            "Fictitious national data built in %(seconds).0f s: %(municipalities)d municipalities, "
            "%(children)d children, %(providers)d providers, %(places)d places, "
            "%(rows)d access-log rows."
        ) % {
            "seconds": total,
            "municipalities": accounts.Organisation.objects.filter(kind="municipality").count(),
            "children": children.Child.objects.count(),
            "providers": providers.Provider.objects.count(),
            "places": providers.Place.objects.count(),
            "rows": audit.AccessLogEntry.objects.count(),
        }
