# SPDX-License-Identifier: MPL-2.0
"""providers: every non-trivial read, scoped to what the user may see.

Free places, the one definition used everywhere (registry, portal, matching, reservations):

    free = approved places − active placements − active reservations

*Approved places* is ``Place.capacity`` (the number of places on the place's current
approval). A placement or reservation is *active on a day* when its status is ``active`` and it
has not ended before that day (no end date, or end ≥ day); a row starting in the future still
counts, because the place is already promised. ``annotate_occupancy`` is the only code that
computes it; ``occupancy`` is the same for one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from matchengine.vocab import PlaceForm, PlaceType
from placematch.providers import access
from placematch.providers.models import (
    Approval,
    CapacityProfile,
    Place,
    Placement,
    PlacementStatus,
    Provider,
    ProviderDataVersion,
    Reservation,
    ReservationStatus,
    SupportArrangement,
    VacancyDeclaration,
)


def active_on(model: type[Placement] | type[Reservation], day: datetime.date) -> QuerySet[Any]:
    """Placements or reservations that hold a place on the day (see the module docstring)."""
    return model.objects.filter(status="active").filter(Q(end__isnull=True) | Q(end__gte=day))


def _active_rows(model: type[Placement] | type[Reservation], day: datetime.date) -> QuerySet[Any]:
    return active_on(model, day).filter(place=OuterRef("pk"))


def places_holding(child_refs: Any, day: datetime.date) -> set[int]:
    """The places where these children (by their opaque refs) live on the day."""
    rows = active_on(Placement, day).filter(child_ref__in=list(child_refs))
    return set(rows.values_list("place_id", flat=True))


def _count(rows: QuerySet[Any]) -> Coalesce:
    counted = rows.order_by().values("place").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate_occupancy(places: QuerySet[Place], day: datetime.date) -> QuerySet[Place]:
    """Add ``placed``, ``reserved`` and ``free`` (may be negative when overbooked) per place."""
    assert PlacementStatus.ACTIVE == ReservationStatus.ACTIVE == "active"
    return places.annotate(
        placed=_count(_active_rows(Placement, day)),
        reserved=_count(_active_rows(Reservation, day)),
    ).annotate(free=F("capacity") - F("placed") - F("reserved"))


@dataclass(frozen=True)
class Occupancy:
    approved: int
    placed: int
    reserved: int
    free: int  # never below 0; overbooked says when the ledger exceeds the approval

    @property
    def overbooked(self) -> bool:
        return self.placed + self.reserved > self.approved


def occupancy(place: Place, day: datetime.date | None = None) -> Occupancy:
    """The ledger of one place on a day (today by default)."""
    row: Any = annotate_occupancy(
        Place.objects.filter(pk=place.pk), day or timezone.localdate()
    ).get()
    return Occupancy(row.capacity, row.placed, row.reserved, max(0, row.free))


class VacancyState(StrEnum):
    FRESH = "fresh"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class Vacancy:
    state: VacancyState
    declaration: VacancyDeclaration | None

    @property
    def is_fresh(self) -> bool:
        return self.state is VacancyState.FRESH


def latest_declaration(place: Place, day: datetime.date) -> VacancyDeclaration | None:
    return (
        place.vacancy_declarations.filter(declared_on__lte=day)
        .order_by("-declared_on", "-pk")
        .first()
    )


def vacancy_status(place: Place, day: datetime.date | None = None) -> Vacancy:
    """Fresh up to and including the declaration's ``expires_on``; stale from the day after."""
    day = day or timezone.localdate()
    declaration = latest_declaration(place, day)
    if declaration is None:
        return Vacancy(VacancyState.MISSING, None)
    state = VacancyState.FRESH if declaration.is_fresh_on(day) else VacancyState.STALE
    return Vacancy(state, declaration)


def annotate_vacancy(places: QuerySet[Place], day: datetime.date) -> QuerySet[Place]:
    """Add ``vacancy_expires_on`` (latest declaration up to the day) and ``vacancy_fresh``."""
    latest = VacancyDeclaration.objects.filter(place=OuterRef("pk"), declared_on__lte=day).order_by(
        "-declared_on", "-pk"
    )
    return places.annotate(
        vacancy_expires_on=Subquery(latest.values("expires_on")[:1]),
        vacancy_free=Subquery(latest.values("free_places")[:1]),
    )


def is_fresh(place: Place, day: datetime.date) -> bool:
    """For places annotated by annotate_vacancy."""
    expires = getattr(place, "vacancy_expires_on", None)
    return expires is not None and day <= expires


def places_for_matching(day: datetime.date, *, include_stale: bool = False) -> QuerySet[Place]:
    """Places with occupancy and vacancy; stale or missing declarations are left out by default.

    The caseworker may include them anyway (a practical obstacle, overridable with a warning).
    """
    places = annotate_vacancy(
        annotate_occupancy(Place.objects.select_related("provider"), day), day
    ).prefetch_related("approvals", "profiles")
    if not include_stale:
        places = places.filter(**{"vacancy_expires_on__gte": day})
    return places


def provider_data_version() -> int:
    """The counter that every change to provider data bumps (0 before any change)."""
    row = ProviderDataVersion.objects.filter(pk=1).first()
    return row.version if row is not None else 0


# Reads scoped to the user --------------------------------------------------------------------


NETWORK_TYPE = PlaceType.FOSTER_FAMILY_NETWORK.value


def _network_family_ids() -> QuerySet[Any]:
    """Providers with a network place: private to the municipality responsible for the child."""
    return Place.objects.filter(place_type=NETWORK_TYPE).values("provider_id")


def _responsible_for_child(organisation_id: int | None) -> Q:
    """Network families this municipality approved for the child, or is responsible for."""
    approved = Approval.objects.filter(
        place__place_type=NETWORK_TYPE, approving_municipality_id=organisation_id
    ).values("place__provider_id")
    return Q(responsible_municipality_id=organisation_id) | Q(pk__in=approved)


def visible_providers(user: Any) -> QuerySet[Provider]:
    """The registry as the user may see it: every list, search, picker and page starts here.

    A network foster family is left out for every municipality but the one responsible for
    its child (access.network_family_view); a provider user sees only its own provider.
    """
    providers = Provider.objects.select_related("responsible_municipality")
    if access.reads_whole_registry(user):
        return providers.exclude(
            Q(pk__in=_network_family_ids()) & ~_responsible_for_child(user.organisation_id)
        )
    if user.is_provider_user:
        return providers.filter(organisation_id=user.organisation_id)
    return providers.none()


def visible_places(user: Any) -> QuerySet[Place]:
    return Place.objects.select_related("provider").filter(provider__in=visible_providers(user))


def hidden_place_ids(user: Any) -> frozenset[int]:
    """Places of network families the user may not see, for pages built from a run's result."""
    rows = Place.objects.filter(provider__in=_network_family_ids()).exclude(
        provider__in=visible_providers(user)
    )
    return frozenset(rows.values_list("pk", flat=True))


def provider_view(user: Any, provider: Provider) -> access.FamilyView:
    """How much of the provider the user may see (street address and contact included or not)."""
    network = provider.places.filter(place_type=NETWORK_TYPE)
    if not network.exists():
        readable = access.can_read_provider(user, provider)
        return access.FamilyView.FULL if readable else access.FamilyView.HIDDEN
    approvals = Approval.objects.filter(place__in=network)
    owners = set(
        approvals.exclude(approving_municipality=None).values_list(
            "approving_municipality_id", flat=True
        )
    )
    if provider.responsible_municipality_id is not None:
        owners.add(provider.responsible_municipality_id)
    theirs = False
    if getattr(user, "organisation_id", None) in owners:
        refs = frozenset(r for r in approvals.values_list("child_ref", flat=True) if r is not None)
        theirs = access.works_on_child(user, refs)
    return access.network_family_view(
        user, provider=provider, owners=frozenset(owners), case_is_theirs=theirs
    )


def provider_for_reader(user: Any, pk: int) -> Provider:
    return get_object_or_404(visible_providers(user), pk=pk)


def place_for_reader(user: Any, pk: int) -> Place:
    return get_object_or_404(visible_places(user), pk=pk)


def place_for_editor(user: Any, pk: int) -> Place:
    """A place the user may edit (own provider, or a responsible consultant), else 404."""
    place = get_object_or_404(Place.objects.select_related("provider"), pk=pk)
    if not access.can_edit_provider(user, place.provider):
        raise Http404
    return place


def own_provider(user: Any) -> Provider:
    """The provider behind a provider user's organisation; 404 when there is none."""
    return get_object_or_404(Provider, organisation_id=user.organisation_id)


def own_places(user: Any) -> QuerySet[Place]:
    """The places of a provider user's own provider; nothing for anyone else."""
    if not getattr(user, "is_provider_user", False):
        return Place.objects.none()
    return (
        Place.objects.filter(provider__organisation_id=user.organisation_id)
        .select_related("provider")
        .order_by("name", "pk")
    )


def families_for_consultant(user: Any) -> QuerySet[Provider]:
    """Foster families whose responsible municipality is the consultant's."""
    return Provider.objects.filter(
        form="foster_family", responsible_municipality_id=user.organisation_id
    )


# Profiles, approvals, support ----------------------------------------------------------------


def latest_profile(place: Place) -> CapacityProfile | None:
    return place.profiles.order_by("-version").first()


def profile_history(place: Place) -> list[tuple[CapacityProfile, list[tuple[str, str, str]]]]:
    """Every version, newest first, each with its diff against the version before."""
    versions = list(place.profiles.order_by("version").select_related("created_by"))
    result = []
    previous = None
    for profile in versions:
        result.append((profile, profile.diff(previous)))
        previous = profile
    return list(reversed(result))


def current_approval(place: Place, day: datetime.date) -> Any:
    return (
        place.approvals.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-pk")
        .first()
    )


def support_arrangements_for(user: Any) -> QuerySet[SupportArrangement]:
    """Arrangements the user may see and end: for the families of the user's municipality, or
    given by the user's own institution."""
    rows = SupportArrangement.objects.select_related("family", "supporter").order_by(
        "family__name", "-valid_from", "pk"
    )
    if getattr(user, "is_municipal", False) and user.role in access.SUPPORT_ROLES:
        return rows.filter(family__responsible_municipality_id=user.organisation_id)
    if getattr(user, "is_provider_user", False):
        return rows.filter(supporter__organisation_id=user.organisation_id)
    return rows.none()


def support_for_editor(user: Any, pk: int) -> SupportArrangement:
    return get_object_or_404(support_arrangements_for(user), pk=pk)


def families_for_support(user: Any) -> QuerySet[Provider]:
    """Foster families the user may arrange support for.

    The municipality: the families it is responsible for. An institution: every foster family
    in the registry except network families, which stay private to the child's municipality.
    """
    families = Provider.objects.filter(form=PlaceForm.FOSTER_FAMILY).order_by("name", "pk")
    if getattr(user, "is_municipal", False) and user.role in access.SUPPORT_ROLES:
        return families.filter(responsible_municipality_id=user.organisation_id)
    if getattr(user, "is_provider_user", False):
        return families.exclude(pk__in=_network_family_ids()).exclude(
            organisation_id=user.organisation_id
        )
    return families.none()


def supporters_for(user: Any) -> QuerySet[Provider]:
    """Institutions that can be named as the supporter: any for the municipality, else itself."""
    institutions = Provider.objects.exclude(form=PlaceForm.FOSTER_FAMILY).order_by("name", "pk")
    if getattr(user, "is_provider_user", False):
        return institutions.filter(organisation_id=user.organisation_id)
    return institutions


def support_for_family(provider: Provider, day: datetime.date) -> QuerySet[SupportArrangement]:
    """Arrangements still running on the day (started ones and planned ones)."""
    return (
        provider.support_arrangements.select_related("supporter")
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("valid_from", "pk")
    )


def declarations_needing_renewal(
    provider: Provider, day: datetime.date, within_days: int = 7
) -> list[tuple[Place, Vacancy]]:
    """Places whose declaration is missing, stale, or expires within the next days."""
    result = []
    horizon = day + datetime.timedelta(days=within_days)
    for place in provider.places.order_by("name"):
        vacancy = vacancy_status(place, day)
        declaration = vacancy.declaration
        if declaration is None or not vacancy.is_fresh or declaration.expires_on <= horizon:
            result.append((place, vacancy))
    return result


# Who viewed a provider's profile -------------------------------------------------------------

PROVIDER_SUBJECT = "providers.provider"


@dataclass(frozen=True)
class Viewing:
    municipality: str
    time: datetime.datetime


# One municipality's page views less than this apart are one visit (a visit opens several pages).
VISIT_GAP = datetime.timedelta(minutes=30)


def as_visits(
    views: list[tuple[int, datetime.datetime]], gap: datetime.timedelta = VISIT_GAP
) -> list[tuple[int, datetime.datetime]]:
    """Page views (newest first) as visits, each shown at its latest view."""
    visits: list[tuple[int, datetime.datetime]] = []
    earliest: dict[int, datetime.datetime] = {}  # the earliest view of each one's open visit
    for org, time in views:
        seen = earliest.get(org)
        if seen is None or seen - time > gap:
            visits.append((org, time))
        earliest[org] = time
    return visits


def profile_viewers(provider: Provider, *, limit: int = 200) -> list[Viewing]:
    """Which municipality (never which person) visited the provider's profile, and when."""
    from placematch.accounts.models import Organisation, OrganisationKind
    from placematch.audit.models import AccessLogEntry, Action

    views = (
        AccessLogEntry.objects.filter(
            subject_type=PROVIDER_SUBJECT, subject_id=str(provider.pk), action=Action.VIEW
        )
        .exclude(organisation_id=None)
        .values_list("organisation_id", "time")
        .order_by("-time", "-id")[: limit * 20]
    )
    entries = as_visits([(org, time) for org, time in views if org is not None])
    names = dict(
        Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, pk__in={org for org, _ in entries}
        ).values_list("pk", "name")
    )
    return [Viewing(names[org], time) for org, time in entries if org in names][:limit]
