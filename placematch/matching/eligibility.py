# SPDX-License-Identifier: MPL-2.0
"""Whether one place may take a case's child on a day: the engine's constraints, worded."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from matchengine.models import PlaceProfile
from matchengine.policy import Policy
from matchengine.rules import check
from matchengine.vocab import ConstraintCode, ConstraintKind
from placematch.children.models import Case
from placematch.matching import adapter
from placematch.matching.explain import reason_text
from placematch.matching.services_runs import current_policy
from placematch.providers.models import Place, Reservation
from placematch.providers.selectors import active_on, places_holding

# The practical codes that are the decision's own business: the vacancy has its own check
# with an override, and acute intake is a matter for the temporary decision.
_DECISION_CODES = frozenset({ConstraintCode.NO_FREE_CAPACITY})


def place_refusals(
    case: Case, place: Place, day: datetime.date, options: adapter.RunOptions | None = None
) -> list[str]:
    """Why the place is not approved for this child on the day; empty when it is.

    Runs the same rules as a match run (age span, target groups, valid approval, a network
    approval for this very child, restrictive units, free places), so a decision checks again
    what the match once checked.
    """
    inputs = adapter.place_inputs(day)
    profile: PlaceProfile | None = next((p for p in inputs.places if p.id == str(place.pk)), None)
    if profile is None:
        if inputs.left_out.get(str(place.pk)) == adapter.LEFT_OUT_NO_APPROVAL:
            return [_("The place has no approval.")]
        return [
            _("The registry's data on the place are incomplete, so its approval cannot be checked.")
        ]
    stored = current_policy(case.organisation_id)
    policy = stored.engine_policy() if stored is not None else Policy()
    child = adapter.child_profile(case, day, options or adapter.RunOptions())
    reasons = check(child, profile, day, policy)
    # A place the child already holds (a temporary decision there, a hold) has room for it.
    ref = case.child.ref
    holds = (
        place.pk in places_holding([ref], day)
        or active_on(Reservation, day).filter(place=place, child_ref=ref).exists()
    )
    return [
        reason_text(r.code.value, r.params)
        for r in reasons
        if r.kind is ConstraintKind.LEGAL or (r.code in _DECISION_CODES and not holds)
    ]
