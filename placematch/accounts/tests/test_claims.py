# SPDX-License-Identifier: MPL-2.0
"""The claims mapping, one row per rule: role by priority, refusals, name, e-mail, two-factor."""

from __future__ import annotations

import pytest

from placematch.accounts.claims import MappingConfig, Refusal, RoleRule, claims_map

RULES = [
    RoleRule(value="pm-leder", role="team_leader", priority=10),
    RoleRule(value="pm-sag", role="caseworker", priority=20),
    RoleRule(value="pm-tilbud", role="provider_staff", priority=5),
]
MUNICIPALITY = MappingConfig(
    organisation_kind="municipality",
    roles_claim="groups",
    rules=RULES,
    two_factor_claim="amr",
    two_factor_values=frozenset({"mfa"}),
)
ACR = MappingConfig(
    organisation_kind="municipality",
    roles_claim="roles",
    rules=RULES,
    two_factor_claim="acr",
    two_factor_values=frozenset({"https://data.gov.dk/concept/core/nsis/loa/Substantial"}),
)
NO_TWO_FACTOR = MappingConfig(organisation_kind="municipality", roles_claim="groups", rules=RULES)
BASE = {"sub": "s-1", "given_name": "Testine", "family_name": "Eksempel", "email": "t@x.example"}


@pytest.mark.parametrize(
    ("rule", "config", "claims", "role", "refusal"),
    [
        ("a mapped value gives its role", MUNICIPALITY, {"groups": ["pm-sag"]}, "caseworker", None),
        (
            "the lowest priority wins",
            MUNICIPALITY,
            {"groups": ["pm-sag", "pm-leder"]},
            "team_leader",
            None,
        ),
        ("one value as a string", MUNICIPALITY, {"groups": "pm-leder"}, "team_leader", None),
        (
            "the configured claim is read",
            ACR,
            {"roles": ["pm-sag"], "groups": ["pm-leder"]},
            "caseworker",
            None,
        ),
        (
            "no mapped value is refused",
            MUNICIPALITY,
            {"groups": ["alle-ansatte"]},
            None,
            Refusal.NO_ROLE,
        ),
        ("no roles claim is refused", MUNICIPALITY, {}, None, Refusal.NO_ROLE),
        (
            "a role of the other kind is refused",
            MUNICIPALITY,
            {"groups": ["pm-tilbud"]},
            None,
            Refusal.NO_ROLE,
        ),
        (
            "values that are not text are ignored",
            MUNICIPALITY,
            {"groups": [7, None]},
            None,
            Refusal.NO_ROLE,
        ),
        (
            "values match exactly",
            MUNICIPALITY,
            {"groups": ["PM-SAG", "pm-sag "]},
            None,
            Refusal.NO_ROLE,
        ),
        (
            "no subject is refused",
            MUNICIPALITY,
            {"sub": "", "groups": ["pm-sag"]},
            "caseworker",
            Refusal.NO_SUBJECT,
        ),
    ],
)
def test_role_rules(rule, config, claims, role, refusal):
    mapped = claims_map(config, {**BASE, **claims})
    assert (mapped.role, mapped.refusal) == (role, refusal), rule


@pytest.mark.parametrize(
    ("rule", "config", "claims", "two_factor"),
    [
        ("amr with the configured value", MUNICIPALITY, {"amr": ["pwd", "mfa"]}, True),
        ("amr without it", MUNICIPALITY, {"amr": ["pwd"]}, False),
        ("amr missing", MUNICIPALITY, {}, False),
        (
            "acr with the configured level",
            ACR,
            {"acr": "https://data.gov.dk/concept/core/nsis/loa/Substantial"},
            True,
        ),
        (
            "acr with a lower level",
            ACR,
            {"acr": "https://data.gov.dk/concept/core/nsis/loa/Low"},
            False,
        ),
        ("the other claim does not count", ACR, {"amr": ["mfa"]}, False),
        ("no claim configured: never trusted", NO_TWO_FACTOR, {"amr": ["mfa"]}, False),
    ],
)
def test_two_factor_rules(rule, config, claims, two_factor):
    assert claims_map(config, {**BASE, "groups": ["pm-sag"], **claims}).two_factor is two_factor, (
        rule
    )


@pytest.mark.parametrize(
    ("rule", "claims", "expected"),
    [
        ("given and family name", {}, ("Testine", "Eksempel", "t@x.example")),
        (
            "only a full name",
            {"given_name": "", "family_name": "", "name": "Testine E."},
            ("Testine E.", "", "t@x.example"),
        ),
        (
            "an unverified e-mail is not taken",
            {"email_verified": False},
            ("Testine", "Eksempel", ""),
        ),
        (
            "long names are cut to the field",
            {"given_name": "x" * 300},
            ("x" * 150, "Eksempel", "t@x.example"),
        ),
    ],
)
def test_name_and_e_mail(rule, claims, expected):
    mapped = claims_map(NO_TWO_FACTOR, {**BASE, "groups": ["pm-sag"], **claims})
    assert (mapped.first_name, mapped.last_name, mapped.email) == expected, rule


@pytest.mark.django_db
def test_a_rule_giving_a_role_of_the_other_kind_is_refused(municipality):
    from django.core.exceptions import ValidationError

    from placematch.accounts.models import ClaimRoleRule, IdentityProvider

    provider = IdentityProvider.objects.create(
        organisation=municipality, slug="k", name="K", issuer="https://k.example", client_id="c"
    )
    ClaimRoleRule(provider=provider, value="sag", role="caseworker").full_clean()
    with pytest.raises(ValidationError) as refused:
        ClaimRoleRule(provider=provider, value="tilbud", role="provider_staff").full_clean()
    assert refused.value.message_dict["role"] == [
        "Rollen er ikke en, som en organisation af denne slags har."
    ]
