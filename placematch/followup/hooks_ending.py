# SPDX-License-Identifier: MPL-2.0
"""followup: the move of a change-of-placement case ends the placement it follows."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from placematch.followup import services_ending
from placematch.preparation.models import StartedPlacement
from placematch.preparation.signals import placement_started


@receiver(placement_started, sender=StartedPlacement, dispatch_uid="followup.hand_over")
def hand_over(sender: Any, *, started: StartedPlacement, **kwargs: Any) -> None:
    """In the move's transaction: the earlier record ends and its case hands over."""
    services_ending.hand_over(
        started=started, actor=kwargs.get("actor"), request=kwargs.get("request")
    )
