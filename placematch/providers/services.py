# SPDX-License-Identifier: MPL-2.0
"""providers: every write (keyword-only, typed, one transaction, acting user, audit row).

Each service that changes provider data calls ``data_version_bump`` in its transaction with the
places it changed, so the matching layer sees one new provider-data version per change and
reloads only those places into its index.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matchengine.vocab import Dimension, NeedTag, QualityTheme, Setting, SupportKind, SupportLevel
from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.core.codes import labels_of
from placematch.core.concurrency import lock_current, refuse_stale
from placematch.providers.access import can_arrange_support, can_edit_provider
from placematch.providers.models import (
    Approval,
    Authority,
    CapacityProfile,
    Place,
    Provider,
    ProviderDataChange,
    ProviderDataVersion,
    SupportArrangement,
    VacancyDeclaration,
)
from placematch.providers.selectors import PROVIDER_SUBJECT

# How many change-log rows are kept (the place index patches over at most a few of them) and
# how often older ones are pruned, in versions.
KEEP_CHANGES = 5_000
PRUNE_EVERY = 1_000


def data_version_bump(*, places: Iterable[int] | None = None) -> int:
    """Bump the single provider-data version; call inside the changing transaction.

    ``places`` are the primary keys of the places whose engine input the change may alter; the
    place index then reloads only those. Without them the next match rebuilds the whole index.
    """
    now = timezone.now()
    with transaction.atomic():
        ProviderDataVersion.objects.get_or_create(pk=1)
        ProviderDataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now)
        version = ProviderDataVersion.objects.values_list("version", flat=True).get(pk=1)
        ProviderDataChange.objects.update_or_create(
            version=version,
            defaults={
                "changed_at": now,
                "places": None if places is None else sorted({int(pk) for pk in places}),
            },
        )
        if version % PRUNE_EVERY == 0:
            ProviderDataChange.objects.filter(version__lte=version - KEEP_CHANGES).delete()
    return version


def places_of(provider_id: int) -> list[int]:
    """The provider's places: a change to the provider (its address, support) changes them all."""
    return list(Place.objects.filter(provider_id=provider_id).values_list("pk", flat=True))


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
        data_version_bump(places=[place.pk])
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
                "free_places": ngettext(
                    "The place is approved for %(n)d place. Declare at most %(n)d free place.",
                    "The place is approved for %(n)d places. Declare at most %(n)d free places.",
                    place.capacity,
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
        data_version_bump(places=[place.pk])
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
        data_version_bump(places=[place.pk])
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


MAX_SUPPORT_HOURS = Decimal("744")  # every hour of a 31-day month


def support_arrangement_validate(arrangement: SupportArrangement) -> None:
    """The arrangement's own rules and overlaps, in Danish for the people who type them."""
    errors: dict[str, str] = {}
    family = arrangement.family
    if not family.is_foster_family:
        errors["family"] = _(
            "%(name)s is not a foster family. Support arrangements are for foster families."
        ) % {"name": family.name}
    if arrangement.supporter is None and not arrangement.supporter_name.strip():
        errors["supporter"] = _("Name the institution or consultant who gives the support.")
    if arrangement.supporter is not None and arrangement.supporter.pk == family.pk:
        errors["supporter"] = _("A family cannot support itself. Choose another supporter.")
    if arrangement.kind not in {k.value for k in SupportKind}:
        errors["kind"] = _("Choose the kind of support.")
    known = {d.value for d in Dimension}
    unknown = [d for d in arrangement.dimensions if d not in known]
    if unknown:
        errors["dimensions"] = _(
            "%(codes)s is not one of the seven dimensions. Choose among those listed."
        ) % {"codes": ", ".join(unknown)}
    elif not arrangement.dimensions:
        errors["dimensions"] = _("Choose at least one dimension the support strengthens.")
    hours = arrangement.hours_per_month
    if hours is None or not Decimal(0) < hours <= MAX_SUPPORT_HOURS:
        errors["hours_per_month"] = _("Type the hours a month as a number from 0.5 to 744.")
    start, end = arrangement.valid_from, arrangement.valid_to
    if end is not None and end < start:
        errors["valid_to"] = _("The last day must be the same day as or later than the first day.")
    if not errors:
        clash = _overlapping_support(arrangement)
        if clash is not None:
            errors["dimensions"] = _(
                "%(supporter)s already strengthens %(dimensions)s for this family from %(start)s "
                "to %(end)s. Choose other dimensions or dates, or end that arrangement first."
            ) % {
                "supporter": clash.supporter_display,
                "dimensions": ", ".join(
                    labels_of(
                        Dimension, [d for d in clash.dimensions if d in arrangement.dimensions]
                    )
                ),
                "start": clash.valid_from.strftime("%d-%m-%Y"),
                "end": clash.valid_to.strftime("%d-%m-%Y")
                if clash.valid_to
                else _("further notice"),
            }
    if errors:
        raise ValidationError(errors)


def _overlapping_support(arrangement: SupportArrangement) -> SupportArrangement | None:
    """Another arrangement for the family on a shared dimension whose period meets this one."""
    others = SupportArrangement.objects.filter(family=arrangement.family).exclude(pk=arrangement.pk)
    if arrangement.valid_to is not None:
        others = others.filter(valid_from__lte=arrangement.valid_to)
    others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=arrangement.valid_from))
    wanted = set(arrangement.dimensions)
    for other in others.select_related("supporter").order_by("valid_from", "pk"):
        if wanted & set(other.dimensions):
            return other
    return None


def support_arrangement_create(
    *,
    actor: Any,
    family: Provider,
    kind: str,
    dimensions: list[str],
    hours_per_month: Decimal | int,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    supporter: Provider | None = None,
    supporter_name: str = "",
    contact: str = "",
    request: HttpRequest | None = None,
    check_access: bool = True,
) -> SupportArrangement:
    """Record who supports which foster family, on which dimensions, how much, from when to when.

    The family's responsible municipality or the supporting institution's own staff may do it.
    """
    if check_access and not can_arrange_support(actor, family=family, supporter=supporter):
        raise PermissionError("This user may not arrange support for this family.")
    arrangement = SupportArrangement(
        family=family,
        supporter=supporter,
        supporter_name=supporter_name.strip(),
        kind=kind,
        dimensions=list(dict.fromkeys(dimensions)),
        hours_per_month=Decimal(hours_per_month),
        contact=contact.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    with transaction.atomic():
        # Locking the family serialises two creators, so an overlap check is never stale.
        Provider.objects.select_for_update().get(pk=family.pk)
        support_arrangement_validate(arrangement)
        arrangement.save()
        data_version_bump(places=places_of(family.pk))
        audit_write(
            actor=actor, action=Action.CREATE, obj=arrangement, provider=family, request=request
        )
    return arrangement


def support_arrangement_end(
    *,
    actor: Any,
    arrangement: SupportArrangement,
    last_day: datetime.date,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> SupportArrangement:
    """Set the arrangement's last day; matching counts it up to and including that day."""
    if not can_arrange_support(actor, family=arrangement.family, supporter=arrangement.supporter):
        raise PermissionError("This user may not end this arrangement.")
    with transaction.atomic():
        current = lock_current(
            SupportArrangement, pk=arrangement.pk, expected_version=expected_version
        )
        if last_day < current.valid_from:
            raise ValidationError(
                {
                    "last_day": _(
                        "The arrangement starts on %(start)s. Its last day cannot be before that."
                    )
                    % {"start": current.valid_from.strftime("%d-%m-%Y")}
                }
            )
        current.valid_to = last_day
        current.save()
        data_version_bump(places=places_of(current.family_id))
        audit_write(
            actor=actor,
            action=Action.UPDATE,
            obj=current,
            provider=current.family,
            request=request,
            detail={"valid_to": last_day.isoformat()},
        )
    return current


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
        data_version_bump(places=places_of(provider.pk))
        audit_write(
            actor=actor, action=Action.UPDATE, obj=provider, provider=provider, request=request
        )
    return provider
