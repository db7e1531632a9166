# SPDX-License-Identifier: MPL-2.0
"""children: every write on child, case, people around the child and assessments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from matchengine.vocab import Dimension, NeedTag, SupportLevel
from placematch.accounts.models import Team, User
from placematch.audit.models import Action
from placematch.audit.services import CHILD_SUBJECT, access_log_write
from placematch.children import rules
from placematch.children.models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseStatus,
    Child,
    Observation,
    RelatedPerson,
    Sibling,
)
from placematch.core.concurrency import lock_current, refuse_stale


def log_write(
    *,
    request: HttpRequest | None,
    actor: User | None,
    action: Action,
    obj: Any,
    child: Child,
    detail: dict[str, Any] | None = None,
) -> None:
    access_log_write(
        request=request,
        user=actor,
        action=action,
        obj=obj,
        subject_type=CHILD_SUBJECT,
        subject_id=child.pk,
        detail=detail,
    )


@transaction.atomic
def child_create(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    birth_date: date,
    case_number: str,
    address_postcode: str,
    case_type: str,
    aware_date: date,
    school_name: str = "",
    school_postcode: str = "",
    legal_basis: str = "",
    child_requested: bool = False,
    intended_placement_date: date | None = None,
    team: Team | None = None,
    caseworkers: Iterable[User] = (),
    request: HttpRequest | None = None,
) -> Case:
    """Create a child with its first case; the acting caseworker is assigned to it."""
    organisation = actor.organisation
    if organisation is None or not organisation.is_municipality:
        raise ValueError("only a municipal user creates a child")
    rules.check_birth_date(birth_date, timezone.localdate())
    rules.check_postcode(address_postcode)
    rules.check_postcode(school_postcode, required=False)
    if Child.objects.filter(organisation=organisation, case_number=case_number).exists():
        raise ValidationError(
            _("A child with this case number already exists. Check the number."),
            code="duplicate_case_number",
        )
    child = Child.objects.create(
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        case_number=case_number.strip(),
        address_postcode=address_postcode,
        school_name=school_name,
        school_postcode=school_postcode,
    )
    case = Case.objects.create(
        organisation=organisation,
        child=child,
        case_type=case_type,
        legal_basis=legal_basis,
        child_requested=child_requested,
        aware_date=aware_date,
        intended_placement_date=intended_placement_date,
        team=team if team is not None else actor.team,
    )
    case.caseworkers.set([actor, *caseworkers])
    log_write(request=request, actor=actor, action=Action.CREATE, obj=child, child=child)
    log_write(request=request, actor=actor, action=Action.CREATE, obj=case, child=child)
    return case


@transaction.atomic
def case_open(
    *,
    actor: User,
    child: Child,
    case_type: str,
    aware_date: date,
    legal_basis: str = "",
    team: Team | None = None,
    caseworkers: Iterable[User] = (),
    allowed_open: Iterable[Case] = (),
    request: HttpRequest | None = None,
) -> Case:
    """Open a new case for a child already known (a change of placement, a re-placement).

    The people around the child and the siblings belong to the child, so the new case has
    them. A child has one open case at a time; ``allowed_open`` names a case that may stay
    open beside it (the placement that goes on until the move to the new place).
    """
    if actor.organisation_id != child.organisation_id:
        raise ValueError("a case is opened by the child's own municipality")
    allowed = [c.pk for c in allowed_open]
    if child.cases.exclude(status=CaseStatus.ENDED).exclude(pk__in=allowed).exists():
        raise ValidationError(
            _("%(name)s already has an open case. Continue in that case.") % {"name": child.name},
            code="open_case",
        )
    case = Case.objects.create(
        organisation=child.organisation, child=child, case_type=case_type,
        legal_basis=legal_basis, aware_date=aware_date,
        team=team if team is not None else actor.team,
    )  # fmt: skip
    case.caseworkers.set([actor, *caseworkers])
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=case, child=child,
        detail={"case_type": case_type},
    )  # fmt: skip
    return case


CASE_FIELDS = frozenset(
    {
        "case_type", "legal_basis", "child_requested", "team", "aware_date",
        "investigation_completed", "preliminary_assessment_date", "placement_decision_date",
        "intended_placement_date", "child_plan_date", "safety_concern", "safety_note",
    }
)  # fmt: skip
# The status is not among them: only ``children.course`` changes it, through its transitions.
# Nor is non-disclosure: ``services_disclosure`` derives it from the § 105 decisions in force.


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    changes: dict[str, Any],
    caseworkers: Sequence[User] | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Change the case's fields and caseworkers.

    ``expected_version`` is the version the edit form was loaded with: a stale one raises
    ``StaleEditError`` and nothing is written. Without it (the preparation's move date) the
    change is applied to the case as it is now.
    """
    unknown = set(changes) - CASE_FIELDS
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    current = lock_current(Case, pk=case.pk, expected_version=expected_version)
    changed = [name for name, value in changes.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, changes[name])
    if caseworkers is not None and {u.pk for u in caseworkers} != set(
        current.caseworkers.values_list("pk", flat=True)
    ):
        current.caseworkers.set(caseworkers)
        changed.append("caseworkers")
    if changed:
        current.save()  # also when only the caseworkers changed: an open form is now stale
    for name in (*CASE_FIELDS, "status", "version", "updated_at"):
        setattr(case, name, getattr(current, name))
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=case, child=case.child,
        detail={"fields": changed},
    )  # fmt: skip
    return case


@transaction.atomic
def child_update(
    *, actor: User, child: Child, changes: dict[str, Any], request: HttpRequest | None = None
) -> Child:
    allowed = {"first_name", "last_name", "address_postcode", "school_name", "school_postcode"}
    if set(changes) - allowed:
        raise ValueError("not editable child fields")
    if "address_postcode" in changes:
        rules.check_postcode(changes["address_postcode"])
    if "school_postcode" in changes:
        rules.check_postcode(changes["school_postcode"], required=False)
    for name, value in changes.items():
        setattr(child, name, value)
    child.save()
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=child, child=child,
        detail={"fields": sorted(changes)},
    )  # fmt: skip
    return child


@transaction.atomic
def person_add(
    *,
    actor: User,
    child: Child,
    kind: str,
    name: str,
    relation: str,
    postcode: str = "",
    request: HttpRequest | None = None,
) -> RelatedPerson:
    rules.check_postcode(postcode, required=False)
    person = RelatedPerson.objects.create(
        organisation=child.organisation, child=child, kind=kind, name=name.strip(),
        relation=relation.strip(), postcode=postcode,
    )  # fmt: skip
    log_write(request=request, actor=actor, action=Action.CREATE, obj=person, child=child)
    return person


@transaction.atomic
def sibling_add(
    *,
    actor: User,
    child: Child,
    sibling_child: Child | None = None,
    name: str = "",
    birth_year: int | None = None,
    lives_with: str = "",
    placed_together: bool = False,
    split_reason: str = "",
    not_placed: bool = False,
    request: HttpRequest | None = None,
) -> Sibling:
    """Record a sibling; a sibling who is a child in our cases is linked on both cases."""
    if sibling_child is None and not name.strip():
        raise ValidationError(
            _("Choose a child in the municipality or write the sibling's name."), code="required"
        )
    today = timezone.localdate()
    if sibling_child is not None:
        if sibling_child.organisation_id != child.organisation_id or sibling_child.pk == child.pk:
            raise ValidationError(_("The sibling must be a child in your municipality."))
        if Sibling.objects.filter(child=child, sibling_child=sibling_child).exists():
            raise ValidationError(
                _("%(name)s is already recorded as a sibling.") % {"name": sibling_child.name},
                code="duplicate",
            )
        age = rules.sibling_age(sibling_child.birth_date, None, today)
        placed = sibling_child.cases.exclude(status=CaseStatus.ENDED).exists()
    else:
        age = rules.sibling_age(None, birth_year, today)
        placed = not not_placed
    counts = rules.sibling_counts(age=age, placed_or_to_be=placed)
    rules.check_sibling_split(placed_together, split_reason, counts=counts)
    sibling = Sibling.objects.create(
        organisation=child.organisation, child=child, sibling_child=sibling_child,
        name=name.strip(), birth_year=birth_year, lives_with=lives_with,
        placed_together=placed_together, split_reason=split_reason.strip(),
        not_placed=not_placed,
    )  # fmt: skip
    log_write(request=request, actor=actor, action=Action.CREATE, obj=sibling, child=child)
    if sibling_child is not None:
        # The other child's case shows the link too, with the same group and reason.
        mirror, created = Sibling.objects.update_or_create(
            child=sibling_child, sibling_child=child,
            defaults={
                "organisation": child.organisation, "placed_together": placed_together,
                "split_reason": split_reason.strip(),
            },
        )  # fmt: skip
        log_write(
            request=request, actor=actor, action=Action.CREATE if created else Action.UPDATE,
            obj=mirror, child=sibling_child,
        )  # fmt: skip
    return sibling


@transaction.atomic
def sibling_remove(*, actor: User, sibling: Sibling, request: HttpRequest | None = None) -> None:
    """Remove a sibling; a link between two children is removed from both cases."""
    rows = [sibling]
    if sibling.sibling_child_id is not None:
        mirror = Sibling.objects.filter(
            child_id=sibling.sibling_child_id, sibling_child_id=sibling.child_id
        )
        rows += list(mirror)
    for row in rows:
        log_write(request=request, actor=actor, action=Action.DELETE, obj=row, child=row.child)
        row.delete()


@dataclass(frozen=True)
class NeedInput:
    dimension: Dimension
    level: SupportLevel
    note: str = ""


@dataclass(frozen=True)
class ObservationInput:
    source: str
    observed_on: date
    text: str
    dimension: str = ""


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    case: Case,
    needs: Sequence[NeedInput],
    resources: str = "",
    need_tags: Sequence[NeedTag] = (),
    observations: Sequence[ObservationInput] = (),
    family_background: str = "",
    housing_employment_finances: str = "",
    social_network: str = "",
    note: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Add the next immutable version of the case's assessment.

    ``expected_version`` is the number of the version the form was built on (0: none yet); when
    another version was added since, ``StaleEditError`` is raised and nothing is written.
    """
    dimensions = [n.dimension for n in needs]
    if len(set(dimensions)) != len(dimensions):
        raise ValidationError(_("Each dimension can have only one support level."))
    for obs in observations:
        if obs.observed_on > timezone.localdate():
            raise ValidationError(
                _("An observation's date is in the future. Write the date it was made."),
                code="future_observation",
            )
    # Locking the case row serialises concurrent versions of the same case's assessment.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    last = Assessment.objects.filter(case=case).aggregate(last=Max("version"))["last"] or 0
    if expected_version is not None and expected_version != last:
        refuse_stale(
            expected=expected_version,
            actual=last,
            current=Assessment.objects.filter(case=case, version=last).first(),
        )
    assessment = Assessment.objects.create(
        organisation=case.organisation, case=case, version=last + 1, created_by=actor,
        resources=resources.strip(), need_tags=sorted({t.value for t in need_tags}),
        family_background=family_background.strip(),
        housing_employment_finances=housing_employment_finances.strip(),
        social_network=social_network.strip(), note=note.strip(),
    )  # fmt: skip
    for need in needs:
        AssessmentNeed.objects.create(
            assessment=assessment, dimension=need.dimension.value, level=need.level.value,
            note=need.note.strip(),
        )  # fmt: skip
    for obs in observations:
        Observation.objects.create(
            assessment=assessment, source=obs.source, observed_on=obs.observed_on,
            text=obs.text.strip(), dimension=obs.dimension,
        )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=assessment, child=case.child,
        detail={"version": assessment.version},
    )  # fmt: skip
    return assessment
