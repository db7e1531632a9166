# SPDX-License-Identifier: MPL-2.0
"""involvement: a secure link (and its PIN) sent through the outbox in the link's transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, translation
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from placematch.accounts.models import User
from placematch.involvement import registry
from placematch.involvement.models import SecureLink
from placematch.outbox import registry as outbox_registry
from placematch.outbox.models import Channel, MessageKind
from placematch.outbox.services import message_enqueue

SOURCE = "involvement.securelink"
CHILD_SUBJECT = "children.child"
# How a link reaches the recipient: on the caseworker's screen (printed or shown) or sent.
SCREEN = "screen"
# How the PIN reaches them when the link is sent: from the caseworker, or sent another way.
BY_HAND = "hand"


@dataclass(frozen=True)
class LinkDelivery:
    """Send the link by e-mail or SMS; the PIN by hand or by the other channel."""

    channel: str  # Channel.EMAIL or Channel.SMS
    address: str
    open_url: Callable[[str], str]  # the raw token -> the absolute address to open
    pin_channel: str = BY_HAND
    pin_address: str = ""

    def __post_init__(self) -> None:
        if self.channel not in (Channel.EMAIL, Channel.SMS):
            raise ValueError("a link is sent by e-mail or SMS")
        if self.pin_channel == self.channel:
            raise ValueError("the PIN goes by another channel than the link")


def _child_id(link: SecureLink) -> int | None:
    try:
        spec = registry.get(link.form_key)
    except KeyError:
        return None
    if spec.subject_type == CHILD_SUBJECT and link.subject_id.isdigit():
        return int(link.subject_id)
    return None


def _pin_hint(link: SecureLink, pin_channel: str) -> str:
    if not link.has_pin:
        return ""
    if pin_channel == Channel.SMS:
        return _("You also need a code. You get it in an SMS.")
    if pin_channel == Channel.EMAIL:
        return _("You also need a code. You get it in an e-mail.")
    return _("You also need a code. You get it from your caseworker.")


def link_text(*, link: SecureLink, url: str, pin_channel: str) -> tuple[str, str]:
    """Subject and text of the link's message: who asks, the address and how to get the PIN.

    Nothing about the child or the case: not the name, not the form, not the place.
    """
    municipality = link.organisation.name
    until = formats.date_format(localtime(link.expires_at), "j. F Y")
    subject = _("A question from %(municipality)s") % {"municipality": municipality}
    lines = [
        _("Hello."),
        _("%(municipality)s has a question for you.") % {"municipality": municipality},
        _("Open this link on your phone or computer:"),
        url,
        _("The link works until %(date)s.") % {"date": until},
        _pin_hint(link, pin_channel),
        _("The link is only for you. Do not send it on."),
    ]
    return subject, "\n".join(line for line in lines if line)


def pin_text(*, link: SecureLink, pin: str) -> tuple[str, str]:
    municipality = link.organisation.name
    subject = _("Your code from %(municipality)s") % {"municipality": municipality}
    body = _(
        "Your code is %(pin)s. You need it for the link from %(municipality)s. "
        "The link comes in another message."
    ) % {"pin": pin, "municipality": municipality}
    return subject, body


def link_enqueue(
    *, link: SecureLink, token: str, pin: str | None, delivery: LinkDelivery, actor: User
) -> None:
    """Queue the link's message, and the PIN's by its own channel; in the link's transaction."""
    child_id = _child_id(link)
    # The recipients read Danish: the text is written in the site's language, not the user's.
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = link_text(
            link=link, url=delivery.open_url(token), pin_channel=delivery.pin_channel
        )
        message_enqueue(
            organisation_id=link.organisation_id,
            kind=MessageKind.LINK,
            channel=delivery.channel,
            recipient=delivery.address,
            subject=subject,
            body=body,
            child_id=child_id,
            source_type=SOURCE,
            source_id=link.pk,
            dedup_key=f"link:{link.pk}",
            erase_body_when_sent=True,
            created_by=actor,
        )
        if pin and delivery.pin_channel != BY_HAND:
            subject, body = pin_text(link=link, pin=pin)
            message_enqueue(
                organisation_id=link.organisation_id,
                kind=MessageKind.PIN,
                channel=delivery.pin_channel,
                recipient=delivery.pin_address,
                subject=subject,
                body=body,
                child_id=child_id,
                source_type=SOURCE,
                source_id=link.pk,
                dedup_key=f"link:{link.pk}:pin",
                erase_body_when_sent=True,
                created_by=actor,
            )


def _can_manage(user: User, source_id: str) -> bool:
    link = SecureLink.objects.filter(pk=int(source_id) if source_id.isdigit() else 0).first()
    if link is None or link.organisation_id != user.organisation_id:
        return False
    try:
        spec = registry.get(link.form_key)
    except KeyError:
        return False
    return spec.organisation_of(link.subject_id) == user.organisation_id and spec.can_manage(
        user, link.subject_id
    )


def _still_valid(source_id: str) -> bool:
    link = SecureLink.objects.filter(pk=int(source_id) if source_id.isdigit() else 0).first()
    return link is not None and link.is_active


outbox_registry.register(
    outbox_registry.SourceSpec(source_type=SOURCE, can_manage=_can_manage, still_valid=_still_valid)
)
