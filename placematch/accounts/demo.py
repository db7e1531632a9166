# SPDX-License-Identifier: MPL-2.0
"""accounts: the two fictional demo municipalities, their teams and one user per role."""

from __future__ import annotations

from placematch.accounts.models import MUNICIPAL_ROLES, Organisation, OrganisationKind, Team, User
from placematch.core.demo import MUNICIPALITIES, DemoContext


def load(ctx: DemoContext) -> None:
    for code, name in MUNICIPALITIES:
        municipality = Organisation.objects.create(
            name=name, kind=OrganisationKind.MUNICIPALITY, municipality_code=code
        )
        ctx.municipalities[code] = municipality
        team = Team.objects.create(organisation=municipality, name="Anbringelsesteamet")
        short = name.split()[0].lower().replace("å", "aa").replace("æ", "ae").replace("ø", "oe")
        for role in sorted(MUNICIPAL_ROLES):
            first, last = ctx.person_name()
            user = User.objects.create(
                username=f"demo-{short}-{role.replace('_', '-')}",
                first_name=first,
                last_name=last,
                email=f"{role}@{short}.example",
                organisation=municipality,
                role=role,
                team=team if role in {"caseworker", "team_leader"} else None,
                password=ctx.password_hash,
            )
            ctx.users[(code, role)] = user
    User.objects.create(
        username="demo-superuser",
        first_name="Sys",
        last_name="Demosen",
        is_superuser=True,
        is_staff=True,
        password=ctx.password_hash,
    )
