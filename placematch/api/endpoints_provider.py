# SPDX-License-Identifier: MPL-2.0
"""api: a place's own system: its inquiries and answers, its places, capacity and vacancies."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Path, Query, Router

from placematch.api import idempotency
from placematch.api.auth import require
from placematch.api.errors import READ, WRITE, not_found
from placematch.api.schemas import (
    AnswerIn,
    CapacityOut,
    InquiryDetailOut,
    InquiryOut,
    InquiryPage,
    ListQuery,
    NamedWishOut,
    NeedNoteOut,
    NeedOut,
    OccupancyOut,
    Pk,
    PlaceOut,
    PlaceRef,
    ProfileOut,
    Stage2Out,
    VacancyIn,
    VacancyOut,
    WishOut,
)
from placematch.api.scopes import Access, Area
from placematch.audit.models import Action
from placematch.audit.services import access_log_write, log_child_list, log_child_read
from placematch.matching import selectors, services
from placematch.matching.models import Inquiry, InquiryStatus
from placematch.matching.profiles import age_band, stage1_profile, stage2_profile
from placematch.providers import selectors as provider_selectors
from placematch.providers.models import Place
from placematch.providers.selectors import PROVIDER_SUBJECT
from placematch.providers.services import vacancy_declare

router = Router(tags=["place"])


def _inquiry(inquiry: Inquiry) -> InquiryOut:
    now = timezone.now()
    withdrawn = inquiry.status == InquiryStatus.WITHDRAWN
    return InquiryOut(
        id=inquiry.pk,
        place=PlaceRef(id=inquiry.place_id, name=inquiry.place.name),
        status=inquiry.status,
        urgency=inquiry.urgency,
        stage=inquiry.stage,
        sent_at=inquiry.sent_at,
        due_at=inquiry.due_at,
        overdue=inquiry.is_overdue(now),
        # A withdrawn inquiry shows nothing about the child, as on the page.
        age_band=None if withdrawn else age_band(inquiry.case.child.age_on(timezone.localdate())),
        answer=inquiry.answer,
        decline_reason=inquiry.decline_reason,
        answered_at=inquiry.answered_at,
    )


def _detail(inquiry: Inquiry) -> InquiryDetailOut:
    profile = None
    if inquiry.status != InquiryStatus.WITHDRAWN:
        found = stage1_profile(inquiry.case, timezone.localdate())
        profile = ProfileOut(
            age_band=found.age_band,
            case_type=found.case_type_label,
            needs=[NeedOut(dimension=n.dimension, level=n.level) for n in found.needs],
            need_tags=found.need_tags,
            safety_tags=found.safety_tags,
            safety_concern=found.safety_concern,
            siblings_together=found.siblings_together,
            wishes=[
                WishOut(kind=w.kind_label, importance=w.importance_label) for w in found.wishes
            ],
            area=found.area,
            assessed=found.assessed,
        )
    stage2 = None
    if inquiry.stage == 2:
        more = stage2_profile(inquiry.case, timezone.localdate())
        stage2 = Stage2Out(
            first_name=more.first_name,
            age=more.age,
            need_notes=[NeedNoteOut(dimension=d, note=n) for d, n in more.need_notes],
            resources=more.resources,
            wishes=[
                NamedWishOut(kind=w.kind_label, importance=w.importance_label, text=w.text)
                for w in more.wishes
            ],
            safety_note=more.safety_note,
            school_town=more.school_town,
        )
    return InquiryDetailOut(
        **_inquiry(inquiry).model_dump(),
        profile=profile,
        stage2=stage2,
        dimension_answers={a.dimension: a.answer for a in inquiry.dimension_answers.all()},
        decline_text=inquiry.decline_text,
        support_needed=inquiry.support_needed,
        view=inquiry.view,
    )


def _read_inquiry(request: HttpRequest, pk: int) -> InquiryDetailOut:
    inquiry = selectors.inquiry_for_provider(request.user, pk)
    out = _detail(inquiry)
    if inquiry.status != InquiryStatus.WITHDRAWN:
        log_child_read(request, inquiry.case.child, obj=inquiry)
    return out


@router.get("/inquiries", response={200: InquiryPage, **READ}, url_name="inquiries")
def inquiry_list(request: HttpRequest, query: Query[ListQuery]) -> InquiryPage:
    """The inquiries to the organisation's places, newest first."""
    require(request, Area.INQUIRIES)
    found = selectors.provider_inquiries(request.user).order_by("-sent_at", "-pk")
    rows = list(found[query.offset : query.offset + query.limit])
    shown = sorted({i.case.child_id for i in rows if i.status != InquiryStatus.WITHDRAWN})
    log_child_list(request, shown)
    return InquiryPage(
        count=found.count(), limit=query.limit, offset=query.offset,
        items=[_inquiry(i) for i in rows],
    )  # fmt: skip


@router.get("/inquiries/{pk}", response={200: InquiryDetailOut, **READ}, url_name="inquiry")
def inquiry_detail(request: HttpRequest, pk: Path[Pk]) -> InquiryDetailOut:
    """One inquiry with the child's stage-1 profile and the place's answer."""
    require(request, Area.INQUIRIES)
    return _read_inquiry(request, pk)


@router.post("/inquiries/{pk}/answer", response={200: InquiryDetailOut, **WRITE}, url_name="answer")
def inquiry_answer(
    request: HttpRequest,
    pk: Path[Pk],
    body: AnswerIn,
    idempotency_key: Header[str] = "",
) -> InquiryDetailOut:
    """Answer once; the same Idempotency-Key sent again answers as the first call did."""
    require(request, Area.INQUIRIES, Access.WRITE)
    inquiry = selectors.inquiry_for_provider(request.user, pk)
    with idempotency.once(request, idempotency_key) as first:
        if first:
            services.inquiry_answer(
                request=request,
                user=request.user,  # type: ignore[arg-type]
                inquiry=inquiry,
                answer=body.answer,
                dimension_answers={str(k): str(v) for k, v in body.dimension_answers.items()},
                decline_reason=body.decline_reason,
                decline_text=body.decline_text,
                support_needed=body.support_needed,
                view=body.view,
            )
    return _read_inquiry(request, pk)


def _place(place: Place) -> PlaceOut:
    today = timezone.localdate()
    occupancy = provider_selectors.occupancy(place, today)
    vacancy = provider_selectors.vacancy_status(place, today)
    declaration = vacancy.declaration
    newest = place.vacancy_declarations.order_by("-pk").values_list("pk", flat=True).first()
    profile = provider_selectors.latest_profile(place)
    return PlaceOut(
        id=place.pk,
        name=place.name,
        registry_id=place.registry_id,
        place_type=place.place_type,
        occupancy=OccupancyOut(
            approved=occupancy.approved,
            placed=occupancy.placed,
            reserved=occupancy.reserved,
            free=occupancy.free,
        ),
        vacancy=VacancyOut(
            state=vacancy.state.value,
            free_places=declaration.free_places if declaration else None,
            declared_on=declaration.declared_on if declaration else None,
            expires_on=declaration.expires_on if declaration else None,
            available_from=declaration.available_from if declaration else None,
            version=newest or 0,
        ),
        capacity_profile=None
        if profile is None
        else CapacityOut(
            version=profile.version,
            capacities=dict(profile.capacities),
            specialities=list(profile.specialities),
        ),
    )


def _read_place(request: HttpRequest, place: Place) -> PlaceOut:
    out = _place(place)
    access_log_write(
        request=request, action=Action.VIEW, obj=place,
        subject_type=PROVIDER_SUBJECT, subject_id=place.provider_id,
    )  # fmt: skip
    return out


@router.get("/places", response={200: list[PlaceOut], **READ}, url_name="places")
def place_list(request: HttpRequest) -> list[PlaceOut]:
    """The organisation's places with today's occupancy, vacancy and capacity profile."""
    require(request, Area.CAPACITY)
    places = list(provider_selectors.own_places(request.user))
    out = [_place(p) for p in places]
    access_log_write(
        request=request, action=Action.LIST, object_type="providers.place",
        detail={"ids": [str(p.pk) for p in places], "count": len(places)},
    )  # fmt: skip
    return out


def _own_place(request: HttpRequest, pk: int) -> Place:
    place = provider_selectors.own_places(request.user).filter(pk=pk).first()
    if place is None:
        raise not_found()
    return place


@router.get("/places/{pk}", response={200: PlaceOut, **READ}, url_name="place")
def place_detail(request: HttpRequest, pk: Path[Pk]) -> PlaceOut:
    require(request, Area.CAPACITY)
    return _read_place(request, _own_place(request, pk))


@router.post("/places/{pk}/vacancy", response={200: PlaceOut, **WRITE}, url_name="vacancy")
def vacancy_update(
    request: HttpRequest,
    pk: Path[Pk],
    body: VacancyIn,
    idempotency_key: Header[str] = "",
) -> PlaceOut:
    """Declare the free places; ``expected_version`` must be the version last read."""
    require(request, Area.CAPACITY, Access.WRITE)
    place = _own_place(request, pk)
    with idempotency.once(request, idempotency_key) as first:
        if first:
            vacancy_declare(
                actor=request.user,
                place=place,
                free_places=body.free_places,
                available_from=body.available_from,
                note=body.note.strip(),
                expected_version=body.expected_version,
                request=request,
            )
    return _read_place(request, place)
