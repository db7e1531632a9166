# SPDX-License-Identifier: MPL-2.0
"""involvement: every non-trivial read, scoped to the user's organisation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from placematch.accounts.models import User
from placematch.involvement import registry
from placematch.involvement.models import SecureLink
from placematch.involvement.services import TOKEN_PATTERN, token_hash


def links_for_subject(
    *, form_keys: Iterable[str], subject_id: str, organisation_id: int | None = None
) -> QuerySet[SecureLink]:
    """The links for a subject's forms, newest first (the feature page has checked access)."""
    links = SecureLink.objects.filter(form_key__in=list(form_keys), subject_id=str(subject_id))
    if organisation_id is not None:
        links = links.filter(organisation_id=organisation_id)
    return links.select_related("created_by")


def can_manage(user: User, form_key: str, subject_id: str) -> bool:
    """May this user issue and revoke links for this form and subject?"""
    try:
        spec = registry.get(form_key)
    except KeyError:
        return False
    organisation_id = spec.organisation_of(subject_id)
    return (
        organisation_id is not None
        and organisation_id == user.organisation_id
        and spec.can_manage(user, subject_id)
    )


def link_for_manager(*, user: User, pk: int) -> SecureLink:
    """A link the user may see and revoke; Http404 for another organisation's or a stranger's."""
    if user.organisation_id is None:
        raise Http404
    link = SecureLink.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
    if link is None or not can_manage(user, link.form_key, link.subject_id):
        raise Http404
    return link


def link_by_token(token: str) -> SecureLink | None:
    """The link a token belongs to, or None for an unknown or malformed token."""
    if not TOKEN_PATTERN.match(token):
        return None
    return SecureLink.objects.filter(token_hash=token_hash(token)).first()


def links_sent_by(*, user: User) -> dict[str, int]:
    """Counts for the caseworker's dashboard card: waiting, expiring soon, recently answered."""
    now = timezone.now()
    mine = SecureLink.objects.filter(
        created_by=user, organisation=user.organisation, revoked_at__isnull=True
    )
    waiting = mine.filter(answered_at__isnull=True, expires_at__gt=now)
    return {
        "waiting": waiting.count(),
        "expiring": waiting.filter(expires_at__lte=now + timedelta(days=3)).count(),
        "answered": mine.filter(answered_at__gte=now - timedelta(days=14)).count(),
    }
