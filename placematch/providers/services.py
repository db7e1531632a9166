# SPDX-License-Identifier: MPL-2.0
"""providers: every write (keyword-only, typed, one transaction, acting user, audit row).

Each service that changes provider data calls ``data_version_bump`` in its transaction, so the
matching layer sees one new provider-data version per change.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from matchengine.vocab import Dimension, NeedTag, QualityTheme, Setting, SupportKind, SupportLevel
from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.core.concurrency import refuse_stale
from placematch.providers.access import can_edit_provider
from placematch.providers.models import (
    Approval,
    Authority,
    CapacityProfile,
    Place,
    Provider,
    ProviderDataVersion,
    SupportArrangement,
    VacancyDeclaration,
)
from placematch.providers.selectors import PROVIDER_SUBJECT


def data_version_bump() -> int:
    """Bump the single provider-data version; call inside the changing transaction."""
    ProviderDataVersion.objects.get_or_create(pk=1)
    ProviderDataVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    return ProviderDataVersion.objects.get(pk=1).version


def audit_write(
    *,
    actor: Any,
    action: Action,
    obj: models.Model,
    provider: Provider,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    access_log_write(
        request=request,
        user=actor,
        action=action,
        obj=obj,
        subject_type=PROVIDER_SUBJECT,
        subject_id=provider.pk,
        detail=detail,
    )


def _require_editor(actor: Any, provider: Provider) -> None:
    if not can_edit_provider(actor, provider):
        raise PermissionError("This user may not change this provider.")


def _check_codes(values: list[str], enum: Any, field: str) -> None:
    unknown = [v for v in values if v not in {m.value for m in enum}]
    if unknown:
        raise ValidationError(
            {field: _("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)}}
        )


def capacity_profile_create(
    *,
    actor: Any,
    place: Place,
    capacities: dict[str, str],
    evidence: dict[str, str] | None = None,
    supervision_report_date: datetime.date | None = None,
    specialities: list[str] | None = None,
    other_children_ages: list[int] | None = None,
    animals: str = "",
    languages: list[str] | None = None,
    setting: str = "",
    methods: str = "",
    change_note: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
    check_access: bool = True,
) -> CapacityProfile:
    """Add a new version of the place's capacity profile (versions are never edited).

    ``expected_version`` is the version the form was built on (0: none yet); when another
    version was added since, ``StaleEditError`` is raised and nothing is written.
    """
    if check_access:
        _require_editor(actor, place.provider)
    levels = {d.value for d in SupportLevel}
    wrong = {
        k: v
        for k, v in capacities.items()
        if k not in {d.value for d in Dimension} or v not in levels
    }
    if wrong:
        raise ValidationError(_("Unknown dimension or support level: %(w)s") % {"w": wrong})
    _check_codes(specialities or [], NeedTag, "specialities")
    _check_codes(list((evidence or {}).keys()), QualityTheme, "evidence")
    if setting and setting not in {s.value for s in Setting}:
        raise ValidationError({"setting": _("Choose town or country.")})
    with transaction.atomic():
        # Locking the place serialises two editors, so version numbers never collide.
        locked = Place.objects.select_for_update().get(pk=place.pk)
        last = locked.profiles.order_by("-version").values_list("version", flat=True).first() or 0
        if expected_version is not None and expected_version != last:
            refuse_stale(
                expected=expected_version,
                actual=last,
                current=locked.profiles.order_by("-version").first(),
            )
        full = {
            d.value: capacities.get(d.value, SupportLevel.NOT_ASSESSED.value) for d in Dimension
        }
        profile = CapacityProfile.objects.create(
            place=locked,
            version=last + 1,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            capacities=full,
            evidence={k: v for k, v in (evidence or {}).items() if v.strip()},
            supervision_report_date=supervision_report_date,
            specialities=list(specialities or []),
            other_children_ages=sorted(other_children_ages or []),
            animals=animals,
            languages=list(languages or []),
            setting=setting,
            methods=methods,
            change_note=change_note,
        )
        data_version_bump()
        audit_write(
            actor=actor, action=Action.CREATE, obj=profile, provider=place.provider, request=request
        )
    return profile


def vacancy_declare(
    *,
    actor: Any,
    place: Place,
    free_places: int,
    available_from: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
    check_access: bool = True,
) -> VacancyDeclaration:
    """Record the provider's declaration; it is fresh for PROVIDERS_VACANCY_DAYS days.

    ``expected_version`` is the id of the newest declaration the form was built on (0: none);
    when another declaration was made since, ``StaleEditError`` is raised, nothing written.
    """
    if check_access:
        _require_editor(actor, place.provider)
    if free_places < 0:
        raise ValidationError({"free_places": _("The number of free places cannot be negative.")})
    if free_places > place.capacity:
        raise ValidationError(
            {
                "free_places": _(
                    "The place is approved for %(n)d places. Declare at most %(n)d free places."
                )
                % {"n": place.capacity}
            }
        )
    day = today or timezone.localdate()
    with transaction.atomic():
        # Locking the place serialises two declarations, so the newest one compared is final.
        Place.objects.select_for_update().get(pk=place.pk)
        newest = VacancyDeclaration.objects.filter(place=place).order_by("-pk").first()
        refuse_stale(expected=expected_version, actual=newest.pk if newest else 0, current=newest)
        declaration = VacancyDeclaration.objects.create(
            place=place,
            declared_on=day,
            expires_on=day + datetime.timedelta(days=settings.PROVIDERS_VACANCY_DAYS),
            free_places=free_places,
            available_from=available_from,
            note=note,
            declared_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        data_version_bump()
        audit_write(
            actor=actor,
            action=Action.CREATE,
            obj=declaration,
            provider=place.provider,
            request=request,
        )
    return declaration


def approval_create(
    *,
    actor: Any,
    place: Place,
    authority: str,
    age_min: int,
    age_max: int,
    places: int,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    target_groups: list[str] | None = None,
    conditions: str = "",
    enhanced_supervision: bool = False,
    supervision_order: bool = False,
    approving_municipality: Any = None,
    child_ref: UUID | None = None,
    before_final_approval: bool = False,
    request: HttpRequest | None = None,
) -> Approval:
    """Record an approval and set the place's approved places to its number of places."""
    approval = Approval(
        place=place,
        authority=authority,
        approving_municipality=approving_municipality,
        target_groups=list(target_groups or []),
        age_min=age_min,
        age_max=age_max,
        places=places,
        valid_from=valid_from,
        valid_to=valid_to,
        conditions=conditions,
        enhanced_supervision=enhanced_supervision,
        supervision_order=supervision_order,
        child_ref=child_ref,
        before_final_approval=before_final_approval,
    )
    approval_validate(approval)
    with transaction.atomic():
        approval.save()
        Place.objects.filter(pk=place.pk).update(capacity=places)
        place.capacity = places
        data_version_bump()
        audit_write(
            actor=actor,
            action=Action.CREATE,
            obj=approval,
            provider=place.provider,
            request=request,
        )
    return approval


def approval_validate(approval: Approval) -> None:
    """The approval's own rules, in Danish for the people who type them."""
    errors: dict[str, str] = {}
    place = approval.place
    if approval.age_min > approval.age_max:
        errors["age_max"] = _("'Age to' must be the same as or higher than 'age from'.")
    if approval.valid_to is not None and approval.valid_to < approval.valid_from:
        errors["valid_to"] = _("'Valid to' must be the same day as or later than 'valid from'.")
    if approval.places < 1:
        errors["places"] = _("An approval is for at least one place.")
    if place.is_network:
        if approval.authority != Authority.MUNICIPALITY:
            errors["authority"] = _("A network foster family is approved by a municipality.")
        if approval.child_ref is None:
            errors["child_ref"] = _("A network approval must name the one child it is for.")
        if approval.places != 1:
            errors["places"] = _("A network approval is for one named child: one place.")
        if approval.approving_municipality is None:
            errors["approving_municipality"] = _("Name the municipality that approved the family.")
    else:
        if approval.authority == Authority.MUNICIPALITY:
            errors["authority"] = _("Only a network foster family is approved by a municipality.")
        if approval.child_ref is not None:
            errors["child_ref"] = _("Only a network approval names a child.")
        if approval.before_final_approval:
            errors["before_final_approval"] = _(
                "Only a network foster family can take a child before final approval."
            )
    _check_codes(approval.target_groups, NeedTag, "target_groups")
    if errors:
        raise ValidationError(errors)


def support_arrangement_create(
    *,
    actor: Any,
    family: Provider,
    kind: str,
    dimensions: list[str],
    hours_per_month: Decimal,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    supporter: Provider | None = None,
    supporter_name: str = "",
    contact: str = "",
    request: HttpRequest | None = None,
    check_access: bool = True,
) -> SupportArrangement:
    """Record that an institution or a consultant supports a foster family (seed 002)."""
    if check_access:
        _require_editor(actor, family)
    if not family.is_foster_family:
        raise ValidationError(_("Support arrangements are for foster families."))
    if supporter is None and not supporter_name.strip():
        raise ValidationError(_("Name the institution or consultant who gives the support."))
    if kind not in {k.value for k in SupportKind}:
        raise ValidationError({"kind": _("Choose the kind of support.")})
    _check_codes(dimensions, Dimension, "dimensions")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("'To' must be the same day as or later than 'from'.")})
    with transaction.atomic():
        arrangement = SupportArrangement.objects.create(
            family=family,
            supporter=supporter,
            supporter_name=supporter_name,
            kind=kind,
            dimensions=dimensions,
            hours_per_month=hours_per_month,
            contact=contact,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        data_version_bump()
        audit_write(
            actor=actor, action=Action.CREATE, obj=arrangement, provider=family, request=request
        )
    return arrangement


def provider_contact_update(
    *,
    actor: Any,
    provider: Provider,
    address: str,
    postcode: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    request: HttpRequest | None = None,
) -> Provider:
    """Change the provider's location and contact details."""
    _require_editor(actor, provider)
    with transaction.atomic():
        provider.address = address
        provider.postcode = postcode
        provider.contact_name = contact_name
        provider.contact_email = contact_email
        provider.contact_phone = contact_phone
        provider.full_clean()
        provider.save()
        data_version_bump()
        audit_write(
            actor=actor, action=Action.UPDATE, obj=provider, provider=provider, request=request
        )
    return provider
