# SPDX-License-Identifier: MPL-2.0
"""matching: writes for match runs and scoring policies (one transaction, audit row each)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError

from matchengine import ENGINE_VERSION
from matchengine.policy import Policy
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.audit.services import CHILD_SUBJECT, access_log_write
from placematch.children import course
from placematch.children.models import Case, CaseStatus
from placematch.matching.adapter import RunOptions, child_profile
from placematch.matching.indexes import current_index
from placematch.matching.models import MatchPolicy, MatchRun, pack
from placematch.matching.siblings import rank_group, sibling_profiles

# How many of the best places a run explains in full.
EXPLAINED = 20
BEFORE_MATCHING = frozenset({CaseStatus.INVESTIGATION, CaseStatus.ASSESSMENT})


class MatchRunError(ValidationError):
    """A match run could not be made; the message says why and what to do."""


def current_policy(organisation_id: int) -> MatchPolicy | None:
    """The municipality's newest policy version; None means the engine's defaults."""
    return MatchPolicy.objects.filter(organisation_id=organisation_id).order_by("-version").first()


def match_run_create(
    *,
    request: HttpRequest | None,
    user: User,
    case: Case,
    options: RunOptions,
    day: datetime.date | None = None,
) -> MatchRun:
    """Rank every place for the child on the case and store the run exactly as it was made."""
    if not case.is_open:
        raise MatchRunError(_("The case has ended, so no match can be made."), code="ended")
    # A run on a case before matching moves it into matching, through the course's guard.
    starts_matching = case.status in BEFORE_MATCHING
    if starts_matching and (problem := course.refusal(case, "start_matching")):
        raise MatchRunError(problem, code="course")
    day = day or timezone.localdate()
    if case.child.birth_date > day:
        raise MatchRunError(_("The child's birth date lies in the future."), code="birth")
    loaded = current_index(day)
    if len(loaded.index) == 0:
        raise MatchRunError(
            _("There are no places in the registry to match against yet."), code="no_places"
        )
    child = child_profile(case, day, options)
    # A sibling group is ranked as one: a place only if every sibling may legally live there.
    siblings = sibling_profiles(case, child, day, options)
    stored = current_policy(case.organisation_id)
    policy = stored.engine_policy() if stored is not None else Policy()
    result = rank_group(
        loaded.index,
        child,
        siblings,
        reference_date=day,
        policy=policy,
        include_practical=options.include_practical,
        top_k=EXPLAINED,
    )
    with transaction.atomic():
        if starts_matching:
            try:
                course.transition(case, "start_matching", actor=user, request=request)
            except ValidationError as error:
                raise MatchRunError(error.messages[0], code="course") from error
        run = MatchRun.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            created_by=user,
            reference_date=day,
            data_version=loaded.data_version,
            snapshot=loaded.snapshot,
            engine_version=ENGINE_VERSION,
            policy=stored,
            policy_version=policy.version,
            include_practical=options.include_practical,
            options=options.as_json(),
            child_input=child.model_dump(mode="json"),
            siblings_input=[p.model_dump(mode="json") for p in siblings],
            result_data=pack(result.model_dump(mode="json")),
            included_count=result.included_count,
            place_count=result.place_count,
        )
        access_log_write(
            request=request,
            user=user,
            action=Action.CREATE,
            obj=run,
            subject_type=CHILD_SUBJECT,
            subject_id=case.child_id,
            detail={"places": result.place_count, "included": result.included_count},
        )
    return run


class PolicyError(ValidationError):
    """The weights are outside the engine's bounds, or the note is missing."""


def policy_create(
    *,
    request: HttpRequest | None,
    user: User,
    weights: dict[str, Any],
    note: str,
) -> MatchPolicy:
    """Save the municipality's weights as a new version; the engine checks every bound."""
    if not note.strip():
        raise PolicyError(_("Write what changed and why."), code="note")
    try:
        checked = Policy(**weights)
    except PydanticError as error:
        raise PolicyError(
            _("Some weights are outside the allowed bounds."), code="bounds"
        ) from error
    data = checked.model_dump(mode="json", exclude={"version"})
    organisation_id = user.organisation_id
    assert organisation_id is not None
    with transaction.atomic():
        # Lock the municipality's versions so two saves at once get consecutive numbers.
        list(MatchPolicy.objects.select_for_update().filter(organisation_id=organisation_id))
        last = MatchPolicy.objects.filter(organisation_id=organisation_id).aggregate(
            n=Max("version")
        )["n"]
        policy = MatchPolicy.objects.create(
            organisation_id=organisation_id,
            version=(last or 0) + 1,
            weights=data,
            note=note.strip(),
            created_by=user,
        )
        access_log_write(
            request=request,
            user=user,
            action=Action.CREATE,
            obj=policy,
            detail={"version": policy.version},
        )
    return policy
