# SPDX-License-Identifier: MPL-2.0
"""matching: match runs, the place-index snapshots they were made on, and scoring policies.

A match run is written once and never changed, so a decision can always be shown exactly as
it was made: it keeps the child's engine input, the hash of the places' engine input (one
snapshot per provider-data version and day), the engine and policy versions, and the result.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from matchengine.policy import POLICY_VERSION, Policy
from placematch.accounts.models import OrganisationOwned
from placematch.children.models import Case
from placematch.core.models import Immutable


def pack(data: Any) -> bytes:
    """Canonical, compressed JSON: the same data always gives the same bytes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return zlib.compress(text.encode(), 6)


def unpack(blob: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(blob)))


class MatchPolicy(Immutable, OrganisationOwned):
    """One version of a municipality's scoring weights, within the engine's bounds."""

    version = models.PositiveIntegerField(_("version"))
    # The engine's Policy fields without its version string (that is derived, see below).
    weights = models.JSONField(_("weights"))
    note = models.CharField(_("what changed and why"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("scoring policy")
        verbose_name_plural = _("scoring policies")
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="match_policy_unique_version"
            )
        ]

    def __str__(self) -> str:
        return self.engine_version

    @property
    def engine_version(self) -> str:
        return policy_version_label(self.organisation_id, self.version)

    def engine_policy(self) -> Policy:
        return Policy(**self.weights, version=self.engine_version)


def policy_version_label(organisation_id: int, version: int) -> str:
    """The engine's policy version: its own default version, the municipality and its number."""
    return f"{POLICY_VERSION}+m{organisation_id}.v{version}"


class IndexSnapshot(Immutable):
    """The places' engine input as it was, stored once per distinct content (by its hash)."""

    sha256 = models.CharField(_("hash"), max_length=64, unique=True)
    data = models.BinaryField(_("places (compressed JSON)"))
    place_count = models.PositiveIntegerField(_("places"))
    # Registry places that could not be given to the engine, with why (place pk -> code).
    left_out = models.JSONField(_("places left out"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("place-index snapshot")
        verbose_name_plural = _("place-index snapshots")

    def __str__(self) -> str:
        return self.sha256[:12]


class IndexVersion(models.Model):
    """Which snapshot the places had at one provider-data version on one day."""

    data_version = models.PositiveBigIntegerField(_("provider-data version"))
    reference_date = models.DateField(_("day"))
    snapshot = models.ForeignKey(
        IndexSnapshot, on_delete=models.PROTECT, related_name="+", verbose_name=_("snapshot")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("place-index version")
        verbose_name_plural = _("place-index versions")
        constraints = [
            models.UniqueConstraint(
                fields=["data_version", "reference_date"], name="index_version_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_version} {self.reference_date}"


class MatchRun(Immutable, OrganisationOwned):
    """One ranking of the places for a child's case, kept exactly as it was made."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="match_runs", verbose_name=_("case")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )
    reference_date = models.DateField(_("reference date"))
    data_version = models.PositiveBigIntegerField(_("provider-data version"))
    snapshot = models.ForeignKey(
        IndexSnapshot, on_delete=models.PROTECT, related_name="runs", verbose_name=_("snapshot")
    )
    engine_version = models.CharField(_("engine version"), max_length=40)
    policy = models.ForeignKey(
        MatchPolicy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("scoring policy"),
    )
    policy_version = models.CharField(_("policy version"), max_length=60)
    include_practical = models.BooleanField(
        _("places with a stale vacancy declaration or no free place included"), default=False
    )
    # The choices the caseworker made for this run (required forms, acute, ...), as codes.
    options = models.JSONField(_("options"), default=dict, blank=True)
    child_input = models.JSONField(_("the child's engine input"))
    # The other siblings of the group, whose legal exclusions the run honours (see siblings.py).
    siblings_input = models.JSONField(_("the siblings' engine input"), default=list, blank=True)
    result_data = models.BinaryField(_("result (compressed JSON)"))
    included_count = models.PositiveIntegerField(_("places that can take the child"))
    place_count = models.PositiveIntegerField(_("places considered"))

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.case_id} {self.created_at:%Y-%m-%d}"

    def result(self) -> dict[str, Any]:
        """The engine's RankResult as plain JSON data."""
        data: dict[str, Any] = unpack(self.result_data)
        return data
