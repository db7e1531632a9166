# SPDX-License-Identifier: MPL-2.0
"""api: every refusal as one JSON shape with a stable code and a translated message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from placematch.core.concurrency import StaleEditError


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every 4xx answer: ``code`` never changes with the language, ``message`` does."""

    code: str
    message: str
    errors: list[FieldError] = []
    version: int | None = None


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, *, errors: list[FieldError] | None = None
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or []


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Not found, or not yours to see."))


# Refusals each operation may answer besides its success, for the schema.
COMMON = {401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 429: ErrorOut}
READ = {**COMMON, 404: ErrorOut}
WRITE = {**READ, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _field_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field. Leave it out.")
    if kind == "string_pattern_mismatch":
        return _("Leave out control characters such as NUL.")
    if kind in ("string_too_long",):
        return _("Write at most %(n)s characters.") % {"n": ctx.get("max_length", "")}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("int") or kind in ("greater_than_equal", "less_than_equal"):
        if "ge" in ctx or "le" in ctx:
            return _("Write a whole number from %(low)s to %(high)s.") % {
                "low": ctx.get("ge", 0),
                "high": ctx.get("le", ""),
            }
        return _("Write a whole number.")
    if kind.startswith("date"):
        return _("Write a date as YYYY-MM-DD.")
    if kind.startswith("string") or kind == "json_type":
        return _("Write a text.")
    if kind.startswith("dict") or kind.startswith("model"):
        return _("Send an object with the fields described.")
    return _("This value is not valid.")


def _where(error: dict[str, Any]) -> str:
    # The location's first part says where (body, query, path); the rest names the field.
    parts = [str(p) for p in error.get("loc", ())]
    return ".".join(parts[1:] if len(parts) > 1 else parts)


def _respond(api: NinjaAPI, request: HttpRequest, status: int, body: ErrorOut) -> HttpResponse:
    return api.create_response(request, body.model_dump(), status=status)


def install(api: NinjaAPI) -> None:
    """Answer every refusal in the one shape; anything else is a server error, as on pages."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _respond(api, request, exc.status, ErrorOut(
            code=exc.code, message=exc.message, errors=exc.errors,
        ))  # fmt: skip

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        error = not_found()
        return _respond(api, request, 404, ErrorOut(code=error.code, message=error.message))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _respond(api, request, 401, ErrorOut(
            code="token_missing",
            message=_("Send the API token in the Authorization header: Bearer and the token."),
        ))  # fmt: skip

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return _respond(api, request, 429, ErrorOut(
            code="rate_limited",
            message=_("Too many calls with this token. Wait the seconds in Retry-After."),
        ))  # fmt: skip

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, RequestDataTooBig):
            return _respond(api, request, 413, too_large())
        if exc.status_code == 400:
            return _respond(api, request, 400, ErrorOut(
                code="body_malformed", message=_("The request body is not valid JSON."),
            ))  # fmt: skip
        return _respond(api, request, exc.status_code, ErrorOut(
            code="http_error", message=str(exc),
        ))  # fmt: skip

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = [FieldError(field=_where(e), message=_field_message(e)) for e in exc.errors]
        return _respond(api, request, 422, ErrorOut(
            code="invalid_input",
            message=_("Some fields are missing or not valid. Nothing was saved."),
            errors=fields,
        ))  # fmt: skip

    @api.exception_handler(StaleEditError)
    def stale(request: HttpRequest, exc: StaleEditError) -> HttpResponse:
        return _respond(api, request, 409, ErrorOut(
            code="stale", message=exc.message % (exc.params or {}), version=exc.version,
        ))  # fmt: skip

    @api.exception_handler(ValidationError)
    def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        """A service's rule: its message, per field where the service named one."""
        fields: list[FieldError] = []
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                fields += [FieldError(field=name, message=m) for e in errors for m in e.messages]
        message = fields[0].message if fields else " ".join(exc.messages)
        code = getattr(exc, "code", None) or "refused"
        return _respond(api, request, 422, ErrorOut(
            code=f"refused.{code}", message=message, errors=fields,
        ))  # fmt: skip


def too_large() -> ErrorOut:
    return ErrorOut(code="body_too_large", message=_("The request body is too large."))
