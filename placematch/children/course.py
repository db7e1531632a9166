# SPDX-License-Identifier: MPL-2.0
"""The case's course: the one owner of ``Case.status``, through named transitions with guards.

Every change of a case's status goes through ``transition``: decisions, matching and the move
call it, the case page offers the manual ones (``allowed_transitions``). The table
``TRANSITIONS`` is the whole course; ``docs/course.md`` draws it and ADR 0010 says why it is a
plain table. ``Case.save`` and the case query set refuse any other write of the status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from placematch.accounts.models import Role, User
from placematch.audit.models import Action
from placematch.children.models import Assessment, Case, CaseStatus, CaseTransition
from placematch.children.models.case import course_writes
from placematch.children.services import log_write
from placematch.core.concurrency import lock_current

# A guard looks at the locked case and returns why the step is refused, or None.
Guard = Callable[[Case], str | None]

OPEN = frozenset(CaseStatus.values) - {CaseStatus.ENDED}
CASE_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEADER})
IMPORT = "import"


def _has_assessment(case: Case) -> str | None:
    if Assessment.objects.filter(case=case).exists():
        return None
    return _("Record an assessment of the child's needs first; matching needs it.")


@dataclass(frozen=True)
class Transition:
    """One named step of the course.

    ``roles`` are the roles that may take it by hand on the case page; empty means only a
    service takes it (``caller`` names which). ``refused`` gives a message for a from-state
    that needs a word of its own.
    """

    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    caller: str
    guard: Guard | None = None
    needs_reason: bool = False
    # The reason's label on the case page: it sits beside other steps' buttons.
    reason_label: Promise | None = None
    roles: frozenset[str] = frozenset()
    legal: str = ""
    refused: Mapping[str, Promise] = field(default_factory=dict)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="start_assessment",
            label=gettext_lazy("Start the assessment"),
            sources=frozenset({CaseStatus.INVESTIGATION}),
            target=CaseStatus.ASSESSMENT,
            caller="case page",
            roles=CASE_ROLES,
            legal="§ 20 (the child-welfare investigation)",
        ),
        Transition(
            name="start_matching",
            label=gettext_lazy("Start matching"),
            sources=frozenset({CaseStatus.INVESTIGATION, CaseStatus.ASSESSMENT}),
            target=CaseStatus.MATCHING,
            caller="case page; matching.services_runs.match_run_create",
            guard=_has_assessment,
            roles=CASE_ROLES,
            legal="§ 52 stk. 2 (the place must meet the child's needs)",
        ),
        Transition(
            # An acute (temporary) decision may come before matching (§ 46 stk. 3, § 143).
            name="decide",
            label=gettext_lazy("Decide the place"),
            sources=frozenset(
                {CaseStatus.INVESTIGATION, CaseStatus.ASSESSMENT, CaseStatus.MATCHING}
            ),
            target=CaseStatus.DECIDED,
            caller="decisions.services.decision_make",
            legal="§ 52 (choice of placement)",
        ),
        Transition(
            name="undecide",
            label=gettext_lazy("Back to matching"),
            sources=frozenset({CaseStatus.DECIDED}),
            target=CaseStatus.MATCHING,
            caller="decisions.services.decision_withdraw (the last decision in force)",
        ),
        Transition(
            name="place",
            label=gettext_lazy("Mark as placed"),
            sources=frozenset({CaseStatus.DECIDED}),
            target=CaseStatus.PLACED,
            caller="preparation.services_move.placement_start (the daily move)",
            refused={
                CaseStatus.MATCHING: gettext_lazy(
                    "Only a case with a decided place can be marked as placed."
                ),
            },
        ),
        Transition(
            name="end",
            label=gettext_lazy("End the case"),
            sources=frozenset(
                {CaseStatus.INVESTIGATION, CaseStatus.ASSESSMENT, CaseStatus.MATCHING}
            ),
            target=CaseStatus.ENDED,
            caller="case page",
            needs_reason=True,
            reason_label=gettext_lazy("Why the case is ended"),
            roles=CASE_ROLES,
            refused={
                # Ending it here would keep the decided place reserved for no one.
                CaseStatus.DECIDED: gettext_lazy(
                    "The case has a decision in force. Withdraw the decision first, so the "
                    "reserved place is given back."
                ),
                # A placement ends with its kind, its decision and the place given back.
                CaseStatus.PLACED: gettext_lazy(
                    "The child is placed. End the placement on the Follow-up tab, so the kind "
                    "of ending is recorded and the place is given back."
                ),
            },
        ),
        Transition(
            # Going home, turning 18, or a breakdown after which the child is not placed.
            name="end_placement",
            label=gettext_lazy("End the placement"),
            sources=frozenset({CaseStatus.PLACED}),
            target=CaseStatus.ENDED,
            caller="followup.services_ending (placement_end, breakdown_register)",
            needs_reason=True,
            legal="§ 100 (going home); §§ 114 ff. (from 18)",
        ),
        Transition(
            # A change of place: the placement goes on in the new case from its move.
            name="hand_over",
            label=gettext_lazy("Go on in the new case"),
            sources=frozenset({CaseStatus.PLACED}),
            target=CaseStatus.ENDED,
            caller="followup.hooks_ending (the move of the change-of-placement case)",
            needs_reason=True,
            legal="§ 98 (change of placement); § 52 (the new place)",
        ),
        Transition(
            name="reopen",
            label=gettext_lazy("Reopen the case"),
            sources=frozenset({CaseStatus.ENDED}),
            target=CaseStatus.INVESTIGATION,
            caller="case page (team leader)",
            needs_reason=True,
            reason_label=gettext_lazy("Why the case is reopened"),
            roles=frozenset({Role.TEAM_LEADER}),
            legal="§ 20 (a new investigation)",
        ),
    )
}


def _refusal(spec: Transition, status: str) -> str:
    specific = spec.refused.get(status)
    if specific is not None:
        return str(specific)
    return _("“%(step)s” is not possible while the case's status is “%(status)s”.") % {
        "step": spec.label,
        "status": CaseStatus(status).label,
    }


def refusal(case: Case, name: str) -> str | None:
    """Why the step is refused for the case as loaded (from-state or guard), or None."""
    spec = TRANSITIONS[name]
    if case.status not in spec.sources:
        return _refusal(spec, case.status)
    return spec.guard(case) if spec.guard is not None else None


@transaction.atomic
def transition(
    case: Case,
    name: str,
    *,
    actor: User | None,
    request: HttpRequest | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> CaseTransition:
    """Take one step of the course in the caller's transaction; refuse with ValidationError.

    Locks the case row, checks the from-state, the reason and the guard, writes the status, a
    ``CaseTransition`` row and the audit row. ``actor`` is None for the daily move.
    ``expected_version`` is the case version the page was loaded with (``StaleEditError``).
    The caller's ``case`` gets the new status and version.
    """
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise ValueError(f"unknown transition {name!r}")
    locked = lock_current(
        Case.objects.select_related("child"), pk=case.pk, expected_version=expected_version
    )
    if locked.status not in spec.sources:
        raise ValidationError(_refusal(spec, locked.status), code="from_state")
    reason = reason.strip()
    if spec.needs_reason and not reason:
        raise ValidationError(_("Write the reason."), code="reason")
    problem = spec.guard(locked) if spec.guard is not None else None
    if problem:
        raise ValidationError(problem, code="guard")
    return _write(case, locked, spec.name, spec.target, actor=actor, request=request, reason=reason)


def _write(
    case: Case,
    locked: Case,
    name: str,
    target: str,
    *,
    actor: User | None,
    request: HttpRequest | None,
    reason: str,
) -> CaseTransition:
    source = locked.status
    locked.status = target
    with course_writes():
        locked.save(update_fields=["status", "updated_at"])
    step = CaseTransition.objects.create(
        organisation_id=locked.organisation_id, case=locked, name=name, from_status=source,
        to_status=target, actor=actor, at=timezone.now(), reason=reason,
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=locked, child=locked.child,
        detail={"fields": ["status"], "transition": name, "from": source, "to": target},
    )  # fmt: skip
    for attr in ("status", "version", "updated_at"):
        setattr(case, attr, getattr(locked, attr))
    return step


def manual_transitions(user: User) -> list[Transition]:
    """The steps this user's role may take by hand, whatever the case's status."""
    return [spec for spec in TRANSITIONS.values() if user.role in spec.roles]


def allowed_transitions(case: Case, user: User) -> list[Transition]:
    """The manual steps this user may take on the case now (for the case page's buttons)."""
    return [spec for spec in manual_transitions(user) if refusal(case, spec.name) is None]


def blocked_transitions(case: Case, user: User) -> list[tuple[Transition, str]]:
    """Manual steps the user could take but the case's guard or status refuses, and why."""
    blocked = []
    for spec in manual_transitions(user):
        if case.status in spec.sources or case.status in spec.refused:
            problem = refusal(case, spec.name)
            if problem:
                blocked.append((spec, problem))
    return blocked


def step_label(name: str) -> str:
    """How a recorded step is named on the case page."""
    if name == IMPORT:
        return _("Brought in with this status")
    spec = TRANSITIONS.get(name)
    return str(spec.label) if spec is not None else name


@transaction.atomic
def import_case(*, status: str = CaseStatus.INVESTIGATION, **fields: Any) -> Case:
    """Create a case that arrives with its status already reached (demo data, test fixtures).

    The one way besides ``transition`` to set a status: the course did not happen here, so
    it is recorded as one ``import`` step from nothing, with no actor.
    """
    if status not in CaseStatus.values:
        raise ValueError(f"unknown case status {status!r}")
    with course_writes():
        case = Case.objects.create(status=status, **fields)
    CaseTransition.objects.create(
        organisation_id=case.organisation_id, case=case, name=IMPORT, from_status="",
        to_status=status, actor=None, at=timezone.now(), reason="",
    )  # fmt: skip
    return case


def import_cases(cases: list[Case], *, batch_size: int = 1000) -> list[Case]:
    """``import_case`` in bulk (the national dataset): the cases, their history and their steps.

    Each unsaved case keeps the status it arrives with; each gets its one ``import`` step.
    """
    for case in cases:
        if case.status not in CaseStatus.values:
            raise ValueError(f"unknown case status {case.status!r}")
    with course_writes():
        created = bulk_create_with_history(cases, Case, batch_size=batch_size)
    now = timezone.now()
    steps = [
        CaseTransition(
            organisation_id=case.organisation_id,
            case=case,
            name=IMPORT,
            from_status="",
            to_status=case.status,
            actor=None,
            at=now,
            reason="",
        )
        for case in created
    ]
    CaseTransition.objects.bulk_create(steps, batch_size=batch_size)
    return created
