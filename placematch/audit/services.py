# SPDX-License-Identifier: MPL-2.0
"""audit: every write (keyword-only, typed, one transaction, acting user, audit row)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from placematch.audit.models import AccessLogEntry, Action

CHILD_SUBJECT = "children.child"


def _type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _route_of(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return str(match.view_name)[:200]
    return ""


def access_log_write(
    *,
    request: HttpRequest | None,
    action: Action | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    subject_type: str = "",
    subject_id: str | int = "",
    user: Any = None,
    detail: dict[str, Any] | None = None,
) -> AccessLogEntry:
    """Write one access-log row; the acting user comes from the request unless given."""
    actor = user if user is not None else getattr(request, "user", None)
    authenticated = actor is not None and bool(getattr(actor, "is_authenticated", False))
    if obj is not None:
        object_type = object_type or _type_of(obj)
        object_id = object_id or obj.pk
    return AccessLogEntry.objects.create(
        user=actor if authenticated else None,
        username=actor.get_username() if actor is not None and authenticated else "",
        organisation_id=getattr(actor, "organisation_id", None) if authenticated else None,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id),
        subject_type=subject_type,
        subject_id=str(subject_id),
        route=_route_of(request),
        detail=detail or {},
    )


def log_child_read(
    request: HttpRequest, child: models.Model, *, obj: models.Model | None = None
) -> AccessLogEntry:
    """Log that the request's user read data about this child (the child is the subject)."""
    target = obj if obj is not None else child
    return access_log_write(
        request=request,
        action=Action.VIEW,
        obj=target,
        subject_type=CHILD_SUBJECT,
        subject_id=child.pk,
    )


def log_child_list(request: HttpRequest, child_ids: Iterable[int | str]) -> AccessLogEntry:
    """One row for a list page: which children's names and states were shown."""
    ids = [str(i) for i in child_ids]
    return access_log_write(
        request=request,
        action=Action.LIST,
        object_type=CHILD_SUBJECT,
        detail={"ids": ids, "count": len(ids)},
    )


def reads_child(
    get_child: Callable[..., models.Model],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: after a successful response, log one read of the child.

    ``get_child(request, **kwargs)`` must return the child the view showed (it runs after the
    view, so it can read ``request.audit_child`` set by the view or look the child up again).
    Responses that are not 2xx write nothing: a 404 shows no data.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                log_child_read(request, get_child(request, *args, **kwargs))
            return response

        return wrapper

    return decorator


def access_log_prune(*, now: Any = None) -> int:
    """Delete rows older than the retention period; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _ = AccessLogEntry.objects.filter(time__lt=cutoff).delete()
    return deleted
