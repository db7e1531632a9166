# SPDX-License-Identifier: MPL-2.0
"""accounts: the national dataset's municipalities, two teams each and their users, in bulk."""

from __future__ import annotations

from placematch.accounts.models import MUNICIPAL_ROLES, Organisation, OrganisationKind, Team, User
from placematch.core.national import CASEWORKERS, NationalContext, municipality_names

TEAMS = ("Anbringelsesteamet", "Familieteamet")


def username(code: str, role: str, number: int = 1) -> str:
    """The log-in of a municipal user: ``demo-901-caseworker``, ``demo-901-caseworker-2``."""
    base = f"demo-{code}-{role.replace('_', '-')}"
    return base if number == 1 else f"{base}-{number}"


def load(nctx: NationalContext) -> None:
    ctx = nctx.demo
    pairs = municipality_names(nctx.sizes["municipalities"])
    orgs = Organisation.objects.bulk_create(
        Organisation(name=name, kind=OrganisationKind.MUNICIPALITY, municipality_code=code)
        for code, name in pairs
    )
    teams = Team.objects.bulk_create(
        Team(organisation=org, name=name) for org in orgs for name in TEAMS
    )
    users: list[User] = []
    for index, org in enumerate(orgs):
        code = org.municipality_code
        nctx.municipalities[code] = org
        nctx.teams[code] = teams[2 * index : 2 * index + 2]
        for role in sorted(MUNICIPAL_ROLES):
            count = CASEWORKERS if role == "caseworker" else 1
            for number in range(1, count + 1):
                first, last = ctx.person_name()
                team = None
                if role in {"caseworker", "team_leader"}:
                    team = nctx.teams[code][(number - 1) % 2 if role == "caseworker" else 0]
                users.append(
                    User(
                        username=username(code, role, number), first_name=first, last_name=last,
                        email=f"{role}.{number}@k{code}.example", organisation=org, role=role,
                        team=team, password=ctx.password_hash,
                    )
                )  # fmt: skip
    users.append(
        User(
            username="demo-superuser", first_name="Sys", last_name="Demosen",
            is_superuser=True, is_staff=True, password=ctx.password_hash,
        )
    )  # fmt: skip
    created = User.objects.bulk_create(users, batch_size=1000)
    for user in created:
        if user.organisation_id is None:
            continue
        code = user.username.split("-")[1]
        if user.role == "caseworker":
            nctx.caseworkers.setdefault(code, []).append(user)
        # The demo's loaders act as the first user of each role.
        ctx.users.setdefault((code, user.role), user)
        nctx.readers.append(user)
    lived = list(nctx.municipalities.items())[: nctx.sizes["lived"]]
    ctx.municipalities.update(lived)
