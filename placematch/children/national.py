# SPDX-License-Identifier: MPL-2.0
"""children: the national dataset's children and cases in bulk, up to its number of children.

Every municipality gets its share. These cases arrive part-way through their course, as the
demo's do, through the course's import path (``course.import_cases``: the status, its history
and one ``import`` step); they stop before a decision (investigation, assessment, matching or
ended before the system), since a decided or placed case needs a decision and a move behind it:
those are the lived municipalities' cases. Each case is assigned to a caseworker of its team,
has its parents, and from assessment on an assessment of the needs on every dimension.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from matchengine.vocab import (
    CaseType,
    Dimension,
    LegalBasis,
    NeedTag,
    SupportLevel,
    WishImportance,
    WishKind,
)
from placematch.children import course
from placematch.children.demo import WISHES
from placematch.children.models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseStatus,
    Child,
    PersonKind,
    RelatedPerson,
)
from placematch.children.models.voice import Wish
from placematch.core import postcodes
from placematch.core.national import NationalContext

STATUSES: tuple[tuple[str, int], ...] = (
    (CaseStatus.INVESTIGATION, 30),
    (CaseStatus.ASSESSMENT, 25),
    (CaseStatus.MATCHING, 15),
    (CaseStatus.ENDED, 30),
)
SCHOOLS = ("Eksempelskolen", "Prøveskolen", "Testrup Skole", "Fiktivholm Friskole")
LEVELS = [level.value for level in SupportLevel if level is not SupportLevel.NOT_ASSESSED]
BATCH = 2000
# Wishes with nothing for matching to check, so none lacks its details.
PLAIN_WISHES = [WishKind.SCHOOL, WishKind.SIBLINGS, WishKind.WORRIES, WishKind.GOOD_AT]


def load(nctx: NationalContext) -> None:
    ctx = nctx.demo
    rng = ctx.rng
    today = timezone.localdate()
    codes = [p.code for p in postcodes.all_postcodes()]
    share = nctx.sizes["children"] // len(nctx.municipalities)
    have: dict[int, int] = {}
    for org_id in Child.objects.values_list("organisation_id", flat=True):
        have[org_id] = have.get(org_id, 0) + 1
    kinds = [status for status, _weight in STATUSES]
    weights = [weight for _status, weight in STATUSES]
    children: list[Child] = []
    plans: list[tuple[str, str]] = []  # (municipality code, status) per child
    for code, org in nctx.municipalities.items():
        for number in range(have.get(org.pk, 0), share):
            first, last = ctx.person_name()
            children.append(
                Child(
                    organisation=org, first_name=first, last_name=last,
                    birth_date=today - timedelta(days=rng.randint(365, 17 * 365)),
                    case_number=f"{code}-N{number + 1:05d}", address_postcode=rng.choice(codes),
                    school_name=rng.choice(SCHOOLS), school_postcode=rng.choice(codes),
                )
            )  # fmt: skip
            plans.append((code, rng.choices(kinds, weights)[0]))
    children = bulk_create_with_history(children, Child, batch_size=BATCH)
    cases = []
    for child, (code, status) in zip(children, plans, strict=True):
        aware = today - timedelta(days=rng.randint(20, 3 * 365))
        later = status in (CaseStatus.MATCHING, CaseStatus.ENDED)
        cases.append(
            Case(
                organisation_id=child.organisation_id, child=child, status=status,
                case_type=rng.choice([CaseType.FIRST_PLACEMENT] * 3 + list(CaseType)).value,
                legal_basis=rng.choice(list(LegalBasis)).value if later else "",
                team=rng.choice(nctx.teams[code]), aware_date=aware,
                investigation_completed=aware + timedelta(days=rng.randint(60, 115))
                if later else None,
                intended_placement_date=today + timedelta(days=rng.randint(10, 120))
                if status == CaseStatus.MATCHING else None,
                non_disclosure=rng.random() < 0.05, safety_concern=rng.random() < 0.1,
            )
        )  # fmt: skip
    cases = course.import_cases(cases, batch_size=BATCH)
    through = Case.caseworkers.through
    assigned, people, assessments, wishes = [], [], [], []
    for case, (code, _status) in zip(cases, plans, strict=True):
        team_workers = [u for u in nctx.caseworkers[code] if u.team_id == case.team_id]
        worker = rng.choice(team_workers or nctx.caseworkers[code])
        assigned.append(through(case_id=case.pk, user_id=worker.pk))
        child = case.child
        for relation, person_kind in rng.sample(
            [("Mor", PersonKind.CUSTODY_HOLDER), ("Far", PersonKind.CUSTODY_HOLDER),
             ("Far", PersonKind.PARENT)], rng.randint(1, 2)
        ):  # fmt: skip
            people.append(
                RelatedPerson(
                    organisation_id=case.organisation_id, child=child, kind=person_kind,
                    name=f"{ctx.person_name()[0]} {child.last_name}", relation=relation,
                    postcode=child.address_postcode,
                )
            )  # fmt: skip
        if case.status != CaseStatus.INVESTIGATION:
            assessments.append(
                Assessment(
                    organisation_id=case.organisation_id, case=case, version=1,
                    created_by=worker, need_tags=sorted(
                        {t.value for t in rng.sample(list(NeedTag), rng.randint(0, 3))}),
                    resources="Glad for at tegne og for dyr.", note="Første vurdering",
                )
            )  # fmt: skip
        for kind in rng.sample(PLAIN_WISHES, rng.randint(0, 3)):
            wishes.append(
                Wish(
                    organisation_id=case.organisation_id, case=case, kind=kind.value,
                    text=WISHES[kind][0], importance=WishImportance.MEDIUM.value,
                )
            )  # fmt: skip
    through.objects.bulk_create(assigned, batch_size=BATCH)
    bulk_create_with_history(people, RelatedPerson, batch_size=BATCH)
    bulk_create_with_history(wishes, Wish, batch_size=BATCH)
    assessments = Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    AssessmentNeed.objects.bulk_create(
        (
            AssessmentNeed(assessment=a, dimension=d.value, level=rng.choice(LEVELS[:4]))
            for a in assessments
            for d in Dimension
        ),
        batch_size=BATCH,
    )
