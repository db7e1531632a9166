# SPDX-License-Identifier: MPL-2.0
"""Strict input parsing: ids and numbers in ASCII digits, bounded text, no control characters."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from placematch.core.routes import AccessClass, access_class_of

# Ids are big integers on PostgreSQL and INTEGER on SQLite: both are signed 64-bit. Anything
# beyond is no id of ours, and SQLite raises OverflowError instead of finding nothing.
ID_MAX = 2**63 - 1
ID_MIN = 1
# Plain numbers a form may hold (a count, a distance, a year) stay in the same signed 64 bits.
INT_MIN = -(2**63)
INT_MAX = ID_MAX

# Longest text a form field accepts unless it says otherwise: one line (a name, a search) and a
# text area. Reasons and notes that argue a decision or record a meeting get LONG_TEXT_MAX.
LINE_MAX = 200
TEXT_MAX = 5_000
LONG_TEXT_MAX = 10_000

# Python's int() also reads "٣" (Arabic-Indic three) and other scripts' digits; str.isdigit()
# also says yes to "²", which int() then refuses. Only these ASCII forms are numbers here.
_INTEGER = re.compile(r"-?[0-9]{1,20}", re.ASCII)
_ID = re.compile(r"[1-9][0-9]{0,18}", re.ASCII)

# NUL breaks PostgreSQL text, the other C0 and C1 controls are never typed by a person. Tab,
# line feed and carriage return are what text areas send.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class BadInput(BadRequest):
    """An address or form value we cannot read: Django answers with the 400 page."""


def parse_int(value: object, *, low: int = INT_MIN, high: int = INT_MAX) -> int | None:
    """The whole number written in ASCII digits between low and high, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if low <= number <= high else None


def parse_id(value: object) -> int | None:
    """A database id (1 to ID_MAX, ASCII digits, no leading zero), else None."""
    if isinstance(value, str):
        return int(value) if _ID.fullmatch(value) and int(value) <= ID_MAX else None
    return parse_int(value, low=ID_MIN, high=ID_MAX)


# -- reading request.GET and request.POST ------------------------------------------------------


def get_int(query: QueryDict, name: str, *, default: int, low: int, high: int) -> int:
    """A number from the query; a missing or unreadable one gives the default (e.g. a page)."""
    number = parse_int(query.get(name, ""), low=low, high=high)
    return default if number is None else number


def get_id(query: QueryDict, name: str) -> int | None:
    """An optional id from the query: None when absent or empty, 400 when not an id."""
    raw = query.get(name, "")
    if raw == "":
        return None
    number = parse_id(raw)
    if number is None:
        raise BadInput(f"{name} is not an id")
    return number


def get_ids(query: QueryDict, name: str, *, limit: int) -> list[int]:
    """Every id given for the name, in order and without repeats; 400 for one that is not."""
    raw = query.getlist(name)
    if len(raw) > limit:
        raise BadInput(f"more than {limit} values for {name}")
    ids: list[int] = []
    for text in raw:
        number = parse_id(text)
        if number is None:
            raise BadInput(f"{name} is not a list of ids")
        if number not in ids:
            ids.append(number)
    return ids


def get_choice(query: QueryDict, name: str, choices: Iterable[str], *, default: str = "") -> str:
    """One of the known codes, or the default for a missing or unknown one."""
    value = query.get(name, "")
    return value if value in set(choices) else default


def ids_in(values: Iterable[object]) -> list[int]:
    """The values that are ids, for lists the page built itself (unreadable ones are dropped)."""
    return [number for number in map(parse_id, values) if number is not None]


# -- the id path converter ---------------------------------------------------------------------


class IdConverter:
    """<id:pk>: ASCII digits from 1 to ID_MAX; anything else matches no route and is 404."""

    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the resolver tries the next pattern, then answers 404
        return number

    def to_url(self, value: object) -> str:
        number = parse_id(value if isinstance(value, int) else str(value))
        if number is None:
            raise ValueError(value)
        return str(number)


def register_id_converter() -> None:
    register_converter(IdConverter, "id")


# -- form fields that every form uses instead of Django's own -----------------------------------


def _digits_only(value: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    # Django reads "3.0" as 3; keep that, but only with ASCII digits.
    return isinstance(value, str) and bool(re.fullmatch(r"\s*-?[0-9]+(\.0*)?\s*", value, re.ASCII))


class IntegerField(forms.IntegerField):
    """A whole number in ASCII digits, within the database's range unless narrower bounds say."""

    def __init__(
        self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            min_value=INT_MIN if min_value is None else min_value,
            max_value=INT_MAX if max_value is None else max_value,
            **kwargs,
        )

    default_error_messages = {
        "script": _("Write the number with the digits 0 to 9."),
    }

    def to_python(self, value: Any) -> int | None:
        if value not in self.empty_values and not _digits_only(value):
            # "٣" or "²" looks like a number to the user: "enter a whole number" would puzzle.
            looks_numeric = isinstance(value, str) and any(
                c.isdigit() and not c.isascii() for c in value
            )
            code = "script" if looks_numeric else "invalid"
            raise ValidationError(self.error_messages[code], code=code)
        return super().to_python(value)


class ModelChoiceField(forms.ModelChoiceField):
    """Choose one row by its id; an id in another script or out of range is not a choice."""

    def to_python(self, value: Any) -> Any:
        if (
            value not in self.empty_values
            and self.to_field_name is None
            and not (self.queryset is not None and isinstance(value, self.queryset.model))
            and parse_id(value) is None
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choose rows by their ids; one id in another script or out of range refuses the list."""

    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None and not isinstance(value, str):
            try:
                values = list(value)
            except TypeError:
                values = []
            for pk in values:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]


# -- control characters ----------------------------------------------------------------------


def has_control_characters(query: QueryDict) -> bool:
    for key, values in query.lists():
        if CONTROL_CHARACTERS.search(key):
            return True
        if any(isinstance(v, str) and CONTROL_CHARACTERS.search(v) for v in values):
            return True
    return False


class ControlCharacterMiddleware:
    """Refuse a query or form with NUL or another control character before any view reads it.

    Runs as a view hook after the CSRF check, so a forged form is still refused as forged.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if access_class_of(view) is AccessClass.API:
            return None  # the open API refuses such values itself, in its own JSON (ADR 0021)
        if has_control_characters(request.GET) or (
            request.method == "POST" and has_control_characters(request.POST)
        ):
            # Imported here: core.views pulls in templates and the language switch.
            from placematch.core.views import bad_request

            return bad_request(request)
        return None


# -- text fields: a maximum length for each, one line where the input is one line -----------------

SINGLE_LINE_MESSAGE = _("Write this on one line, without line breaks.")


def refuse_line_breaks(value: object) -> None:
    """A one-line field's value holds no line break (a browser's text input never sends one)."""
    if isinstance(value, str) and any(c in value for c in "\r\n\v\f\x85\u2028\u2029"):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="line_break")


def is_single_line(field: forms.Field) -> bool:
    """A text field typed on one line: an input other than a hidden one (never a text area)."""
    return isinstance(field.widget, forms.widgets.Input) and not isinstance(
        field.widget, forms.HiddenInput
    )


def limit_text_fields(fields: dict[str, forms.Field]) -> None:
    """Give every text field without a maximum length the default for its widget, and refuse
    line breaks in the one-line ones. Safe to call again: a field is changed once."""
    for field in fields.values():
        if not isinstance(field, forms.CharField):
            continue
        single_line = is_single_line(field)
        if field.max_length is None:
            field.max_length = LINE_MAX if single_line else TEXT_MAX
            if single_line and not field.widget.is_hidden:
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
        if isinstance(field.widget, forms.Textarea):
            # A browser cuts a pasted text at maxlength without a word, and the end of a
            # pasted report is lost. Without it the form refuses the text with the limit
            # on the field and shows all of it again, so the user can shorten it.
            field.widget.attrs.pop("maxlength", None)
        # Django's login form sets max_length after the field is made, without its validator.
        if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
            field.validators.append(MaxLengthValidator(field.max_length))
        if single_line and refuse_line_breaks not in field.validators:
            field.validators.append(refuse_line_breaks)


def _then_limit_text_fields(init: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(init)
    def init_then_limit(self: forms.BaseForm, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        limit_text_fields(self.fields)

    init_then_limit.limits_text = True  # type: ignore[attr-defined]
    return init_then_limit


class TextLimits:
    """Mixin for every form of the project: bounded text fields, no line breaks in one-line ones.

    Every ``__init__`` along the form's classes is followed by the limits, so the fields a
    subclass adds after calling ``super().__init__`` get them too; and again before validation,
    for fields a view adds.
    """

    fields: dict[str, forms.Field]
    # Fields not required on their own but required in some cases (the help text says when):
    # the page does not call them "optional", which would contradict the error they can get.
    conditional_fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None and not getattr(init, "limits_text", False):
            cls.__init__ = _then_limit_text_fields(init)  # type: ignore[method-assign]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text_fields(self.fields)

    def full_clean(self) -> None:
        limit_text_fields(self.fields)
        super().full_clean()  # type: ignore[misc]


class Form(TextLimits, forms.Form):
    """The base of the project's forms (see TextLimits)."""


class ModelForm(TextLimits, forms.ModelForm):
    """The base of the project's model forms (see TextLimits)."""
