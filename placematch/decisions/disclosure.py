# SPDX-License-Identifier: MPL-2.0
"""The places a case is at, for the non-disclosure check (§ 105) that children owns.

A place counts once the case has a decision on it, a reservation or hold of it, or has asked
it (an inquiry): parents under non-disclosure must not learn any of them, since a refused
or withdrawn place may still be where the child ends up.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from placematch.children import disclosure
from placematch.children.models import Case
from placematch.core.disclosure import Identifiers, identifiers
from placematch.decisions.models import DecisionStatus
from placematch.providers.models import Place, Reservation


def place_identifiers(place: Place) -> Identifiers:
    """Everything that names the place: names, contact person, address, area and contacts."""
    provider = place.provider
    location = place.location
    towns = [location.name] if location is not None else []
    return identifiers(
        names=[place.name, provider.name],
        people=[provider.contact_name],
        streets=[provider.address],
        postcodes=[place.effective_postcode, provider.postcode],
        towns=towns,
        phones=[provider.contact_phone],
        emails=[provider.contact_email],
    )


def case_places(case: Case) -> list[Place]:
    """Every place the case has a decision, a reservation (or hold) or an inquiry at."""
    ids = set(case.decisions.values_list("place_id", flat=True))
    ids |= set(case.inquiries.values_list("place_id", flat=True))
    ids |= set(
        Reservation.objects.filter(child_ref=case.child.ref).values_list("place_id", flat=True)
    )
    return list(Place.objects.filter(pk__in=ids).select_related("provider"))


def protected_terms(case: Case) -> Identifiers:
    result = Identifiers()
    for place in case_places(case):
        result = result | place_identifiers(place)
    return result


def parent_texts(case: Case) -> Iterator[disclosure.ParentText]:
    """The reasons written for the parents in the decisions in force: their letters use them."""
    for decision in case.decisions.filter(status=DecisionStatus.DECIDED).exclude(
        reasons_for_parents=""
    ):
        yield disclosure.ParentText(
            label=_("Decision of %(day)s: reasons for the parents")
            % {"day": date_format(timezone.localtime(decision.decided_at), "SHORT_DATE_FORMAT")},
            text=decision.reasons_for_parents,
            field="reasons_for_parents",
            url=reverse("decisions:decision_detail", args=[decision.pk]),
        )


disclosure.register_terms("decisions.places", protected_terms)
disclosure.register_texts("decisions.reasons_for_parents", parent_texts)
