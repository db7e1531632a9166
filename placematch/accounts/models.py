# SPDX-License-Identifier: MPL-2.0
"""accounts: organisations, teams, users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from placematch.core.models import TimeStampedModel


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    PROVIDER = "provider", _("Provider")


class Role(models.TextChoices):
    """What a user does; the role × action table is in docs/principles.md."""

    CASEWORKER = "caseworker", _("Caseworker")
    TEAM_LEADER = "team_leader", _("Team leader")
    FAMILY_CARE_CONSULTANT = "family_care_consultant", _("Family-care consultant")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")


MUNICIPAL_ROLES = frozenset(
    {Role.CASEWORKER, Role.TEAM_LEADER, Role.FAMILY_CARE_CONSULTANT, Role.ANALYST, Role.ADMIN}
)
PROVIDER_ROLES = frozenset({Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN})
# Roles that work with a child's case content.
CASE_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEADER})
ROLES_BY_KIND = {
    OrganisationKind.MUNICIPALITY: MUNICIPAL_ROLES,
    OrganisationKind.PROVIDER: PROVIDER_ROLES,
}


class Organisation(TimeStampedModel):
    """A municipality (the tenant that acts in a case) or a provider running places."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    # Municipality number (kommunenummer, three digits) for municipalities; empty for providers.
    municipality_code = models.CharField(_("municipality number"), max_length=3, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~models.Q(municipality_code=""),
                name="organisation_unique_municipality_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == OrganisationKind.MUNICIPALITY

    @property
    def is_provider(self) -> bool:
        return self.kind == OrganisationKind.PROVIDER


class Team(TimeStampedModel):
    """A group of caseworkers in one municipality; cases can be assigned to a team."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in; belongs to exactly one organisation (superusers may have none)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    # An account a system acts through (an API token's), never a person: no password, and left
    # out wherever people are picked (a case's caseworkers, a meeting's participants).
    is_system = models.BooleanField(_("system account"), default=False)

    objects: UserManager[User] = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_municipal(self) -> bool:
        return self.organisation is not None and self.organisation.is_municipality

    @property
    def is_provider_user(self) -> bool:
        return self.organisation is not None and self.organisation.is_provider

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class OrganisationOwned(TimeStampedModel):
    """Base for records that belong to one organisation; selectors filter on it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )

    class Meta:
        abstract = True


class IdentityProvider(TimeStampedModel):
    """An organisation's own OpenID Connect provider, for its staff's sign-in (ADR 0016).

    The client secret is never stored here: it is read from ``PLACEMATCH_OIDC_CLIENT_SECRETS``
    by the provider's ``slug``. The endpoints come from the issuer's discovery document.
    """

    class TwoFactorClaim(models.TextChoices):
        NONE = "", _("Never: the local two-factor step applies")
        ACR = "acr", _("acr (authentication context class)")
        AMR = "amr", _("amr (authentication methods)")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name on the login page"), max_length=100)
    issuer = models.URLField(_("issuer"), max_length=300, unique=True)
    client_id = models.CharField(_("client id"), max_length=200)
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile groups")
    roles_claim = models.CharField(_("claim that carries roles"), max_length=100, default="groups")
    two_factor_claim = models.CharField(
        _("claim that proves two-factor sign-in"),
        max_length=3,
        choices=TwoFactorClaim.choices,
        blank=True,
    )
    # Space-separated values of that claim that count as two-factor (e.g. "mfa" for amr).
    two_factor_values = models.CharField(_("two-factor values"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimRoleRule(TimeStampedModel):
    """One value of the provider's roles claim and the role it gives; the lowest priority wins."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="role_rules",
        verbose_name=_("identity provider"),
    )
    value = models.CharField(_("claim value"), max_length=200)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)

    class Meta:
        verbose_name = _("role rule")
        verbose_name_plural = _("role rules")
        ordering = ["priority", "value"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "value"], name="claim_role_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.role}"

    def clean(self) -> None:
        """Only a role of the organisation's kind: a rule that could never apply is refused."""
        provider = IdentityProvider.objects.filter(pk=self.provider_id).first()
        if provider is None:
            return
        kind = OrganisationKind(provider.organisation.kind)
        if self.role and self.role not in ROLES_BY_KIND[kind]:
            raise ValidationError(
                {"role": _("This role is not one an organisation of this kind has.")}
            )


class ExternalIdentity(TimeStampedModel):
    """Links a user to the subject (``sub``) an identity provider signs them in as."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.PROTECT,
        related_name="identities",
        verbose_name=_("identity provider"),
    )
    subject = models.CharField(_("subject at the identity provider"), max_length=255)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="external_identity_unique_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug}:{self.subject}"
