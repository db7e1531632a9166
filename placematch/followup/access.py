# SPDX-License-Identifier: MPL-2.0
"""followup: who may see or do what.

The follow-up of a placement belongs to the caseworkers who see the case (children's scoping:
the caseworker's own and team cases, the team leader's whole municipality). Every other role,
and every user of another municipality, gets 404.
"""

from __future__ import annotations

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role

CASE_ROLES = (Role.CASEWORKER, Role.TEAM_LEADER)
case_route = municipality_route(*CASE_ROLES)
