# SPDX-License-Identifier: MPL-2.0
"""Shared set-up for the decisions tests: a case in matching, two places, a run and a meeting."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from matchengine.vocab import PlaceType
from placematch.accounts.models import Role
from placematch.children.models import (
    Case,
    ConsentForm,
    ConsentState,
    Conversation,
    ParentView,
    PersonKind,
    Wish,
)
from placematch.children.tests.factories import CaseFactory, ChildFactory, PersonFactory
from placematch.decisions import candidates
from placematch.decisions.models import ChecklistAnswerValue, ChecklistPoint
from placematch.decisions.services import HearingInput
from placematch.decisions.services_meeting import ChecklistInput, meeting_save
from placematch.matching.models import Answer, IndexSnapshot, InquiryStatus, MatchRun, pack
from placematch.matching.tests.factories import InquiryFactory
from placematch.providers.models import Place, VacancyDeclaration
from placematch.providers.tests.factories import (
    ApprovalFactory,
    InstitutionFactory,
    PlaceFactory,
    ProviderFactory,
)


def declare_vacancy(place: Place, *, days_left: int = 14, free: int = 1) -> VacancyDeclaration:
    today = timezone.localdate()
    return VacancyDeclaration.objects.create(
        place=place,
        declared_on=today - datetime.timedelta(days=1),
        expires_on=today + datetime.timedelta(days=days_left),
        free_places=free,
    )


def make_run(case: Any, user: Any, places: list[Place]) -> MatchRun:
    """A stored run ranking the places in the given order (first is rank 1)."""
    snapshot, _ = IndexSnapshot.objects.get_or_create(
        sha256=f"{case.pk:064d}", defaults={"data": pack([]), "place_count": len(places)}
    )
    top = [
        {
            "place_id": str(p.pk),
            "rank": i + 1,
            "score_milli": 900 - 100 * i,
            "factors": [{"code": "needs_met", "contribution_milli": 500, "params": {}}],
            "gaps": [],
            "suggested_support": [],
            "notices": [],
        }
        for i, p in enumerate(places)
    ]
    result = {
        "top": top,
        "ranked": [{k: t[k] for k in ("place_id", "rank", "score_milli")} for t in top],
        "excluded": [],
    }
    return MatchRun.objects.create(
        organisation=case.organisation,
        case=case,
        created_by=user,
        reference_date=timezone.localdate(),
        data_version=1,
        snapshot=snapshot,
        engine_version="test",
        policy_version="test",
        child_input={},
        result_data=pack(result),
        included_count=len(places),
        place_count=len(places),
    )


# The matching app's explained shortlist, for tests that make real runs.
REAL_SHORTLIST = candidates.engine_shortlist


def plain_shortlist(run: MatchRun, limit: int = candidates.SHORTLIST_LIMIT) -> list[Any]:
    """The run's stored ranking as candidates without explanations."""
    ranked = sorted(run.result().get("ranked", []), key=lambda r: int(r["rank"]))[:limit]
    ids = [int(r["place_id"]) for r in ranked if str(r["place_id"]).isdigit()]
    places = {p.pk: p for p in Place.objects.filter(pk__in=ids).select_related("provider")}
    return [
        candidates.PlainCandidate(
            place=places.get(int(r["place_id"])) if str(r["place_id"]).isdigit() else None,
            rank=int(r["rank"]),
            score_milli=int(r["score_milli"]),
        )
        for r in ranked
    ]


@pytest.fixture(autouse=True)
def _plain_shortlist(monkeypatch):
    """The runs made here hold a result but no real place index, so read the ranking plainly."""
    monkeypatch.setattr(candidates, "engine_shortlist", plain_shortlist)


# The § 52, stk. 2 assessment a lawful meeting records (decisions.gates.foster_family_s52).
FOSTER_ASSESSED = {
    "foster_assessment": "no_preference",
    "foster_assessment_reasons": "Plejefamilien og opholdsstedet kan begge give faste voksne.",
}


def full_checklist(**overrides: tuple[str, str]) -> list[ChecklistInput]:
    answers = []
    for point in ChecklistPoint.values:
        answer, reason = overrides.get(point, (ChecklistAnswerValue.MET, ""))
        answers.append(ChecklistInput(point=point, answer=answer, reason=reason))
    return answers


def answered_yes(case: Any, place: Any, sent_by: Any, answered_by: Any, **extra: Any) -> Any:
    """An inquiry to the place sent ten days ago and answered yes."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": InquiryStatus.ANSWERED,
        "answer": Answer.YES,
        "answered_at": now - datetime.timedelta(days=8),
        "answered_by": answered_by,
        **extra,
    }
    return InquiryFactory(
        case=case, place=place, sent_by=sent_by, sent_at=now - datetime.timedelta(days=10),
        **fields,
    )  # fmt: skip


def consenting_custody_holder(world: dict[str, Any], name: str) -> tuple[Any, HearingInput]:
    """A further custody holder who consented (§ 46) and was heard a week ago."""
    today = timezone.localdate()
    person: Any = PersonFactory(
        child=world["child"], kind=PersonKind.CUSTODY_HOLDER, name=name, relation="Far"
    )
    ParentView.objects.create(
        organisation=world["case"].organisation, case=world["case"], person=person,
        consent=ConsentState.GIVEN, consent_date=today - datetime.timedelta(days=5),
    )  # fmt: skip
    heard = HearingInput(
        party="custody_holder", name=name, person=person,
        sent_on=today - datetime.timedelta(days=7),
    )  # fmt: skip
    return person, heard


def lawful(
    case: Any, caseworker: Any, custody_holder: Any, places: list[Place], staff: Any
) -> None:
    """What the law asks before a lasting decision, so each gate test changes one thing.

    Approved places that answered yes, the investigation finished, the child's plan made,
    the custody holder's § 46 consent; the world's conversation with the child is on file.
    """
    today = timezone.localdate()
    for place in places:
        ApprovalFactory(place=place, places=place.capacity, age_min=0, age_max=17)
        answered_yes(case, place, caseworker, staff)
    Case.objects.filter(pk=case.pk).update(
        investigation_completed=today - datetime.timedelta(days=30),
        child_plan_date=today - datetime.timedelta(days=20),
        legal_basis="s46_consent",
    )
    ParentView.objects.create(
        organisation=case.organisation, case=case, person=custody_holder,
        consent=ConsentState.GIVEN, consent_date=today - datetime.timedelta(days=5),
        consent_form=ConsentForm.WRITTEN,
    )  # fmt: skip


@pytest.fixture
def world(db, users, municipality, provider_org, other_provider_org):
    caseworker = users[("own", Role.CASEWORKER)]
    child = ChildFactory(
        organisation=municipality,
        first_name="Vilja",
        last_name="Fiktivholm",
        birth_date=datetime.date(2014, 3, 9),
        case_number="SAG-88123",
        address_postcode="8600",
        school_name="Skovbrynets Fiktivskole",
        school_postcode="8600",
    )
    case = CaseFactory(
        child=child, team=caseworker.team, caseworkers=[caseworker], status="matching"
    )
    mother = PersonFactory(
        child=child, kind=PersonKind.CUSTODY_HOLDER, name="Hanne Fiktivholm", relation="Mor"
    )
    Wish.objects.create(
        organisation=municipality,
        case=case,
        kind="animals",
        text="Jeg vil gerne bo sammen med en hund der hedder Balder",
        importance="high",
    )
    Conversation.objects.create(
        organisation=municipality,
        case=case,
        held_on=datetime.date(2024, 2, 1),
        present="Sagsbehandler og Vilja",
        child_words="Jeg savner min lillebror Storm",
        created_by=caseworker,
    )
    family = ProviderFactory(
        organisation=provider_org, name="Plejefamilien Prøvesen (fiktiv)", postcode="8660"
    )
    place = PlaceFactory(
        provider=family,
        name="Plejefamilie Prøvesen",
        place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
        capacity=1,
    )
    home = InstitutionFactory(
        organisation=other_provider_org, name="Opholdsstedet Lyngly (fiktiv)", postcode="7400"
    )
    other_place = PlaceFactory(
        provider=home,
        name="Lyngly afdeling A",
        place_type=PlaceType.SMALL_RESIDENTIAL_HOME,
        capacity=3,
    )
    declare_vacancy(place)
    declare_vacancy(other_place)
    run = make_run(case, caseworker, [place, other_place])
    meeting = meeting_save(
        actor=caseworker,
        case=case,
        held_on=timezone.localdate(),
        run=run,
        participants=[caseworker, users[("own", Role.TEAM_LEADER)]],
        externals=[("Bente Prøvesen", "Psykolog")],
        checklist=full_checklist(),
        **FOSTER_ASSESSED,
    )
    lawful(case, caseworker, mother, [place, other_place], users[("provider", Role.PROVIDER_STAFF)])
    case.refresh_from_db()
    return {
        "case": case,
        "child": child,
        "mother": mother,
        "caseworker": caseworker,
        "team_leader": users[("own", Role.TEAM_LEADER)],
        "place": place,
        "other_place": other_place,
        "run": run,
        "meeting": meeting,
        "staff": users[("provider", Role.PROVIDER_STAFF)],
        "users": users,
    }


def decide_kwargs(world: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """Everything a valid lasting decision on the first-ranked place needs."""
    kwargs: dict[str, Any] = {
        "actor": world["caseworker"],
        "case": world["case"],
        "place": world["place"],
        "kind": "lasting",
        "reasons": "Familien kan give Vilja faste voksne og en hund.",
        "appeal_guidance": "Du kan klage til Ankestyrelsen inden 4 uger.",
        "meeting": world["meeting"],
        "hearings": [
            HearingInput(
                party="custody_holder",
                name=world["mother"].name,
                person=world["mother"],
                sent_on=timezone.localdate() - datetime.timedelta(days=7),
                answered_on=timezone.localdate() - datetime.timedelta(days=3),
                answer="Enig",
            ),
            HearingInput(
                party="child",
                name=world["child"].name,
                sent_on=timezone.localdate() - datetime.timedelta(days=7),
            ),
        ],
        "location_municipality": "Skanderborg Kommune",
        "location_informed_on": timezone.localdate(),
        "purpose": "At Vilja får en stabil hverdag med faste voksne.",
        "expected_duration": "Cirka to år",
        "follows_child_plan": True,
        "school_change": "kept",
        "schooling": "Vilja fortsætter i Skovbrynets Fiktivskole.",
        "special_education_assessed_on": timezone.localdate() - datetime.timedelta(days=14),
        "reasons_for_parents": "Vilja får faste voksne, og hun kan blive i sin skole.",
        "reasons_for_child": "Du får faste voksne. Du kan gå i din skole.",
    }
    kwargs.update(overrides)
    return kwargs
