# SPDX-License-Identifier: MPL-2.0
"""children: about 40 fictitious children per demo municipality, in varied states.

Hands ``ctx.shared["children.child_refs"]`` (the children's opaque references) to later apps,
with ``ctx.shared["children.child_municipality"]`` (reference -> the child's municipality),
and ``ctx.shared["children.to_decide"]``: the cases to be "decided" or "placed", by case id.
Those arrive in matching: a decided case needs a decision behind it and a placed one its move,
so the decisions and preparation demos walk them on through the course's own services.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from matchengine.vocab import (
    CaseType,
    Dimension,
    LegalBasis,
    NeedTag,
    SupportLevel,
    WishImportance,
    WishKind,
)
from placematch.accounts.models import User
from placematch.children import course
from placematch.children.models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseStatus,
    Child,
    Confirmation,
    Conversation,
    Observation,
    ParentView,
    PersonKind,
    RelatedPerson,
    Sibling,
    Source,
    Wish,
)
from placematch.children.services_disclosure import non_disclosure_decide
from placematch.core import postcodes
from placematch.core.demo import DemoContext

CHILDREN_PER_MUNICIPALITY = 40
STATUSES = [
    (CaseStatus.INVESTIGATION, 10), (CaseStatus.ASSESSMENT, 9), (CaseStatus.MATCHING, 9),
    (CaseStatus.DECIDED, 5), (CaseStatus.PLACED, 5), (CaseStatus.ENDED, 2),
]  # fmt: skip
WISHES = {
    WishKind.SCHOOL: ["Jeg vil gerne blive på min skole", "Jeg vil gerne have en ny skole"],
    WishKind.FRIENDS: ["Jeg vil kunne se mine venner fra fodbold", "Min bedste ven bor i byen"],
    WishKind.SIBLINGS: ["Jeg vil bo sammen med min lillesøster", "Jeg vil se min bror tit"],
    WishKind.ANIMALS: ["Jeg vil gerne bo et sted med en hund", "Jeg er bange for hunde"],
    WishKind.TOWN_OR_COUNTRY: ["Jeg vil helst bo på landet", "Jeg vil bo i en by"],
    WishKind.LIVE_NEAR: ["Tæt på min mormor", "Tæt på min mor"],
    WishKind.WORRIES: ["At jeg ikke kan se min mor", "At de andre børn ikke kan lide mig"],
    WishKind.GOOD_AT: ["Jeg er god til at tegne", "Jeg spiller håndbold"],
}
RELATIONS = [("Mor", PersonKind.CUSTODY_HOLDER), ("Far", PersonKind.CUSTODY_HOLDER),
             ("Far", PersonKind.PARENT)]  # fmt: skip
CORRECTION = "Det er mest vigtigt for mig"
NETWORK = ["Mormor", "Farfar", "Moster", "Træner", "Nabo"]


# Reached here only through a decision (and the move), never imported.
THROUGH_DECISION = (CaseStatus.DECIDED, CaseStatus.PLACED)


def _statuses() -> list[str]:
    return [status for status, count in STATUSES for _ in range(count)]


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    codes = [p.code for p in postcodes.all_postcodes() if 7000 <= int(p.code) <= 8900]
    refs = []
    homes: dict[object, object] = ctx.shared.setdefault("children.child_municipality", {})
    to_decide: dict[int, str] = ctx.shared.setdefault("children.to_decide", {})
    for code, municipality in ctx.municipalities.items():
        caseworker = ctx.users[(code, "caseworker")]
        statuses = _statuses()
        for number in range(CHILDREN_PER_MUNICIPALITY):
            status = statuses[number % len(statuses)]
            first, last = ctx.person_name()
            age_days = rng.randint(365, 17 * 365)
            child = Child.objects.create(
                organisation=municipality, first_name=first, last_name=last,
                birth_date=today - timedelta(days=age_days), case_number=f"{code}-{number + 1:04d}",
                address_postcode=rng.choice(codes), school_name=rng.choice(
                    ["Eksempelskolen", "Prøveskolen", "Testrup Skole", "Fiktivholm Friskole"]),
                school_postcode=rng.choice(codes),
            )  # fmt: skip
            refs.append(child.ref)
            homes[child.ref] = municipality
            case = _case(ctx, child, status, today)
            if status in THROUGH_DECISION:
                to_decide[case.pk] = status
            case.caseworkers.set([caseworker])
            _people(ctx, child, case, custody=status in THROUGH_DECISION)
            if case.non_disclosure:
                # The committee's decision behind the flag, as the case page shows it.
                non_disclosure_decide(
                    actor=caseworker,
                    case=case,
                    decided_on=case.aware_date,
                    all_parents=True,
                    reason="Risiko for, at barnet bliver hentet af forældrene.",
                )
            if status != CaseStatus.INVESTIGATION or rng.random() < 0.3:
                _assessments(ctx, case, caseworker, today)
            _voice(ctx, case, caseworker, today)
    ctx.shared["children.child_refs"] = refs


def _case(ctx: DemoContext, child: Child, status: str, today: date) -> Case:
    rng = ctx.rng
    aware = today - timedelta(days=rng.randint(20, 200))
    later = status not in (CaseStatus.INVESTIGATION, CaseStatus.ASSESSMENT)
    # An ended case's decision was made before the system; a decided one's is made by the demo.
    decided = status == CaseStatus.ENDED
    decision = aware + timedelta(days=rng.randint(90, 120)) if decided else None
    if decision and decision > today:
        decision = today - timedelta(days=rng.randint(1, 30))
    # The demo's cases arrive part-way through their course: the course's import path.
    return course.import_case(
        organisation=child.organisation, child=child,
        status=CaseStatus.MATCHING if status in THROUGH_DECISION else status,
        case_type=rng.choice([CaseType.FIRST_PLACEMENT] * 3 + list(CaseType)).value,
        legal_basis=rng.choice(list(LegalBasis)).value if later else "",
        child_requested=rng.random() < 0.08, team=ctx.users[
            (child.organisation.municipality_code, "caseworker")].team,
        aware_date=aware,
        investigation_completed=aware + timedelta(days=rng.randint(60, 115)) if later else None,
        placement_decision_date=decision,
        child_plan_date=decision + timedelta(days=40) if decision and rng.random() < 0.5 else None,
        intended_placement_date=today + timedelta(days=rng.randint(10, 120))
        if status in (CaseStatus.MATCHING, *THROUGH_DECISION) else None,
        non_disclosure=rng.random() < 0.1, safety_concern=rng.random() < 0.15,
        safety_note="Vold i hjemmet er beskrevet i underretningen." if rng.random() < 0.15 else "",
    )  # fmt: skip


def _people(ctx: DemoContext, child: Child, case: Case, custody: bool = False) -> None:
    """The parents (a case to be decided has a custody holder to consent or be heard)."""
    rng = ctx.rng
    relations = rng.sample(RELATIONS, rng.randint(1, 2))
    if custody and all(kind != PersonKind.CUSTODY_HOLDER for _relation, kind in relations):
        relations.insert(0, RELATIONS[0])
    for relation, kind in relations:
        first, _last = ctx.person_name()
        person = RelatedPerson.objects.create(
            organisation=child.organisation, child=child, kind=kind,
            name=f"{first} {child.last_name}", relation=relation, postcode=child.address_postcode,
        )  # fmt: skip
        if rng.random() < 0.7:
            consent = rng.choice(["given", "not_asked", "refused"])
            ParentView.objects.create(
                organisation=child.organisation, case=case, person=person,
                views=rng.choice(["Jeg forstår, at det er nødvendigt lige nu.",
                                  "Jeg er ikke enig i, at mit barn skal flytte."]),
                wishes="At barnet kan blive på sin skole.", worries="At vi mister kontakten.",
                contact_wishes=rng.choice(["Hver weekend", "Hver anden uge", "Telefon hver dag"]),
                consent=consent, consent_date=case.aware_date if consent == "given" else None,
                consent_form="written" if consent == "given" else "",
                source=rng.choice([Source.CASEWORKER, Source.LINK]),
                confirmation=rng.choice([Confirmation.PENDING, Confirmation.CONFIRMED]),
            )  # fmt: skip
    for relation in rng.sample(NETWORK, rng.randint(0, 2)):
        first, last = ctx.person_name()
        RelatedPerson.objects.create(
            organisation=child.organisation, child=child, kind=PersonKind.NETWORK,
            name=f"{first} {last}", relation=relation, postcode=child.address_postcode,
        )  # fmt: skip
    if rng.random() < 0.4:
        together = rng.random() < 0.6
        first, _last = ctx.person_name()
        Sibling.objects.create(
            organisation=child.organisation, child=child, name=f"{first} {child.last_name}",
            birth_year=child.birth_date.year + rng.choice([-3, -1, 2, 4]),
            lives_with="Hos mor", placed_together=together,
            split_reason="" if together else "Søsteren er voksen og bor for sig selv.",
        )  # fmt: skip


def _assessments(ctx: DemoContext, case: Case, caseworker: User, today: date) -> None:
    rng = ctx.rng
    levels = [level for level in SupportLevel if level != SupportLevel.NOT_ASSESSED]
    chosen = {d: rng.choice(levels[:4]) for d in Dimension}
    for version in range(1, rng.randint(1, 2) + 1):
        assessment = Assessment.objects.create(
            organisation=case.organisation, case=case, version=version, created_by=caseworker,
            resources="Nysgerrig, glad for at tegne og god til at tage sig af dyr.",
            need_tags=sorted({t.value for t in rng.sample(list(NeedTag), rng.randint(0, 3))}),
            family_background="Mor er alene med tre børn.",
            note="Første vurdering" if version == 1 else "Ny viden fra skolen",
        )  # fmt: skip
        if version > 1:
            dimension = rng.choice(list(Dimension))
            chosen[dimension] = rng.choice(levels)
        for dimension, level in chosen.items():
            AssessmentNeed.objects.create(
                assessment=assessment, dimension=dimension.value, level=level.value
            )
        Observation.objects.create(
            assessment=assessment, source="school", observed_on=today - timedelta(days=30),
            dimension=Dimension.SCHOOLING.value, text="Trives bedst med faste rammer.",
        )  # fmt: skip


def _wish_details(kind: WishKind, which: int, case: Case) -> dict[str, str]:
    """The detail matching can check, in line with the demo wish's words."""
    if kind is WishKind.ANIMALS:
        return {"animals": ("wants_animals", "no_animals")[which]}
    if kind is WishKind.TOWN_OR_COUNTRY:
        return {"setting": ("country", "town")[which]}
    if kind in (WishKind.LIVE_NEAR, WishKind.FRIENDS):
        return {"postcode": case.child.address_postcode}
    return {}


def _voice(ctx: DemoContext, case: Case, caseworker: User, today: date) -> None:
    rng = ctx.rng
    for kind in rng.sample(list(WISHES), rng.randint(2, 5)):
        confirmation = rng.choice(list(Confirmation))
        which = rng.randrange(len(WISHES[kind]))
        Wish.objects.create(
            organisation=case.organisation, case=case, kind=kind.value,
            text=WISHES[kind][which], importance=rng.choice(list(WishImportance)).value,
            source=rng.choice([Source.CASEWORKER, Source.LINK]), confirmation=confirmation,
            correction=CORRECTION if confirmation == Confirmation.CORRECTED else "",
            **_wish_details(kind, which, case),
        )  # fmt: skip
    Conversation.objects.create(
        organisation=case.organisation, case=case, held_on=case.aware_date + timedelta(days=14),
        present="To sagsbehandlere og barnet", bisidder=rng.choice(["", "Mormor"]),
        child_words="Jeg vil gerne bo et sted, hvor der er ro.",
        agreed="Vi mødes igen om to uger.", created_by=caseworker,
    )  # fmt: skip
