# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a link in the own municipality for the test form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from placematch.accounts.models import Role
from placematch.involvement.services import link_issue
from placematch.involvement.tests.specs import KEY, register_test_specs
from tests.route_matrix import SampleContext

register_test_specs()


def _link_pk(ctx: SampleContext) -> int:
    if "involvement_link" not in ctx.cache:
        link, _token = link_issue(
            actor=ctx.users[("own", Role.CASEWORKER)],
            form_key=KEY,
            subject_id=f"{ctx.municipality.pk}-1",
            recipient_label="Prøve",
        )
        ctx.cache["involvement_link"] = link.pk
    return int(ctx.cache["involvement_link"])


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    # A well-formed token no link has: every caller gets the friendly 404.
    "involvement:open": lambda ctx: {"token": "A" * 43},
    "involvement:form_step": lambda ctx: {"step": "heard"},
    "involvement:issue": lambda ctx: {"form_key": KEY, "subject_id": f"{ctx.municipality.pk}-1"},
    "involvement:link_detail": lambda ctx: {"pk": _link_pk(ctx)},
    "involvement:revoke": lambda ctx: {"pk": _link_pk(ctx)},
}
