# SPDX-License-Identifier: MPL-2.0
"""followup: what it fills in the lower apps: the move's signal and the children's registries."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from placematch.children.deadlines import register_deadlines, register_plan_dates
from placematch.followup import selectors, services
from placematch.preparation.models import StartedPlacement
from placematch.preparation.signals import placement_started


@receiver(placement_started, sender=StartedPlacement, dispatch_uid="followup.record_open")
def open_record(sender: Any, *, started: StartedPlacement, **kwargs: Any) -> None:
    """The move opens the placement record in its own transaction."""
    services.record_open(started=started, actor=kwargs.get("actor"), request=kwargs.get("request"))


# A plan made here is the case's plan for the deadline and the decision's gates.
register_plan_dates(selectors.first_plan_dates)
register_deadlines(selectors.case_deadlines)

# What the child, the parents and the placement say: their link forms and the survey's due dates.
from placematch.followup import link_forms, selectors_voice, views_sides  # noqa: E402, F401

register_deadlines(selectors_voice.survey_deadlines)
