# SPDX-License-Identifier: MPL-2.0
"""matching: a place's staff hear of a new inquiry by e-mail, through the outbox."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, translation
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from placematch.accounts.models import PROVIDER_ROLES, User
from placematch.matching.models import OPEN_STATUSES, Inquiry
from placematch.matching.selectors import municipal_inquiries
from placematch.outbox import registry as outbox_registry
from placematch.outbox.addresses import normalise_email
from placematch.outbox.models import Channel, MessageKind
from placematch.outbox.services import message_enqueue

SOURCE = "matching.inquiry"


def notice_text(inquiry: Inquiry) -> tuple[str, str]:
    """Subject and text: who asks, for which of the recipient's places, by when; no child data."""
    municipality = inquiry.organisation.name
    due = localtime(inquiry.due_at)
    subject = _("New inquiry from %(municipality)s") % {"municipality": municipality}
    lines = [
        _("%(municipality)s has sent a new inquiry to %(place)s.")
        % {"municipality": municipality, "place": inquiry.place.name},
        _("Please answer by %(date)s at %(time)s.")
        % {"date": formats.date_format(due, "j. F Y"), "time": formats.time_format(due, "H:i")},
        _("Read and answer it in your inbox after you log in:"),
        settings.SITE_URL + reverse("matching:provider_inquiries"),
    ]
    return subject, "\n".join(lines)


def recipients(inquiry: Inquiry) -> list[str]:
    """The place's provider's staff with an e-mail address, else the provider's contact address."""
    provider = inquiry.place.provider
    found = sorted(
        set(
            User.objects.filter(
                organisation_id=provider.organisation_id,
                is_active=True,
                role__in=PROVIDER_ROLES,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not found and provider.contact_email:
        found = [provider.contact_email]
    # An address a user mistyped on their account must not stop the inquiry.
    return [address for address in found if _valid(address)]


def _valid(address: str) -> bool:
    try:
        normalise_email(address)
    except ValidationError:
        return False
    return True


def inquiry_notify(*, inquiry: Inquiry, actor: User | None) -> int:
    """Queue one e-mail per recipient in the inquiry's transaction; returns how many."""
    addresses = recipients(inquiry)
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = notice_text(inquiry)
    for address in addresses:
        message_enqueue(
            organisation_id=inquiry.organisation_id,
            kind=MessageKind.INQUIRY_NOTICE,
            channel=Channel.EMAIL,
            recipient=address,
            subject=subject,
            body=body,
            child_id=inquiry.case.child_id,
            source_type=SOURCE,
            source_id=inquiry.pk,
            dedup_key=f"inquiry:{inquiry.pk}:{address.lower()}",
            created_by=actor,
        )
    return len(addresses)


def _can_manage(user: User, source_id: str) -> bool:
    return source_id.isdigit() and municipal_inquiries(user).filter(pk=int(source_id)).exists()


def _still_valid(source_id: str) -> bool:
    return (
        source_id.isdigit()
        and Inquiry.objects.filter(pk=int(source_id), status__in=OPEN_STATUSES).exists()
    )


outbox_registry.register(
    outbox_registry.SourceSpec(source_type=SOURCE, can_manage=_can_manage, still_valid=_still_valid)
)
