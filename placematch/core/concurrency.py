# SPDX-License-Identifier: MPL-2.0
"""Optimistic concurrency: an edit saved from a stale form is refused and the changes are named.

Three parts, one per room (ADR 0007):

- models: ``Versioned`` gives a record a ``version`` that every save raises by one in the
  database, whoever saves it (a service, the daily move, the admin);
- services: ``lock_current`` locks the row in the service's transaction and raises
  ``StaleEditError`` when its version is not the one the form was loaded with; records written as
  new version rows compare the newest version number with ``refuse_stale`` instead;
- forms and views: ``VersionedForm`` carries the version and a signed snapshot of the values it
  showed; a post without a readable version is invalid, so a view never saves unchecked; on
  ``StaleEditError`` its ``refuse`` names the fields changed meanwhile by their labels, with their
  current values, keeps the user's input and takes the fresh version, so the user can reconcile
  and save again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placematch.core.inputs import ID_MAX, IntegerField

VERSION_FIELD = "edit_version"
LOADED_FIELD = "edit_loaded"
LOADED_MAX = 1_000_000
_SALT = "placematch.core.concurrency.loaded"
# A version is a count or, for vacancy declarations, a row id: never beyond an id's range.
VERSION_MAX = ID_MAX

M = TypeVar("M", bound=models.Model)


class StaleEditError(ValidationError):
    """The record was saved by someone else after the form was loaded; nothing was written.

    ``current`` is the record as it is now (for a record kept as version rows: its newest
    version, or None), ``version`` the number a new attempt must carry.
    """

    def __init__(self, *, current: Any, version: int) -> None:
        super().__init__(
            _("Someone else saved a change after you opened the form. Nothing was saved."),
            code="stale",
        )
        self.current = current
        self.version = version


class Versioned(models.Model):
    """A record edited through forms: every save raises ``version`` by one in the database."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        manager = type(self)._base_manager
        # The raise happens in the database, so two writers that never read each other's
        # version (a form and the daily move) still both count.
        with transaction.atomic():
            manager.filter(pk=self.pk).update(version=F("version") + 1)
            fresh = manager.filter(pk=self.pk).values_list("version", flat=True).first()
            if fresh is not None:
                self.version = fresh
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            super().save(*args, **kwargs)


def refuse_stale(*, expected: int | None, actual: int, current: Any) -> None:
    """Raise ``StaleEditError`` unless the form's version is the current one (None: no form)."""
    if expected is not None and expected != actual:
        raise StaleEditError(current=current, version=actual)


def lock_current(
    queryset: models.QuerySet[M] | type[M], *, pk: Any, expected_version: int | None
) -> M:
    """Lock the row for the rest of the transaction and refuse a stale edit.

    Returns the locked, freshly read record: the service applies its changes to it, never to
    the copy the view loaded before the transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_current needs the service's transaction")
    rows = queryset._base_manager.all() if isinstance(queryset, type) else queryset
    current = rows.select_for_update().get(pk=pk)
    refuse_stale(expected=expected_version, actual=current.version, current=current)  # type: ignore[attr-defined]
    return current


def plain(value: Any) -> Any:
    """A form or model value as JSON-safe text, so loaded and current values compare."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return sorted(str(plain(v)) for v in value)
    return str(value)


def sign_values(values: Mapping[str, Any]) -> str:
    return signing.dumps({name: plain(value) for name, value in values.items()}, salt=_SALT)


def unsign_values(token: str) -> dict[str, Any] | None:
    """The values a form was loaded with, or None when the token is missing or forged."""
    if not token:
        return None
    try:
        values = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return values if isinstance(values, dict) else None


def _put(data: Any, key: str, value: Any) -> None:
    """Write a current value into bound form data, as the browser would have posted it."""
    shown = plain(value)
    if isinstance(shown, list):
        data.setlist(key, shown)
    elif isinstance(value, bool) and not value:
        data.pop(key, None)  # an unticked checkbox is not posted
    else:
        data[key] = shown


def changed_fields(
    loaded: Mapping[str, Any], current: Mapping[str, Any], names: Iterable[str]
) -> list[str]:
    """The names whose value differs between the loaded snapshot and now, in form order."""
    return [name for name in names if plain(loaded.get(name, "")) != plain(current.get(name, ""))]


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for key, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):  # an option group
            labels.update({str(k): str(v) for k, v in label})
        else:
            labels[str(key)] = str(label)
    return labels


def display(field: forms.Field, value: Any) -> str:
    """A current value as the user would read it on the form."""
    empty = _("(empty)")
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = list(value or ())
        found = [v for v in items if isinstance(v, models.Model)]
        if len(found) != len(items):
            found = list(field.queryset.filter(pk__in=[plain(v) for v in items]))  # type: ignore[union-attr]
        return ", ".join(sorted(str(v) for v in found)) or empty
    if isinstance(field, forms.ModelChoiceField):
        if value in (None, ""):
            return empty
        if not isinstance(value, models.Model):
            value = field.queryset.filter(pk=value).first()  # type: ignore[union-attr]
        return str(value) if value is not None else empty
    if isinstance(field, forms.NullBooleanField | forms.BooleanField):
        if value is None or value == "":
            return _("not answered") if isinstance(field, forms.NullBooleanField) else _("No")
        return _("Yes") if value else _("No")
    if isinstance(field, forms.MultipleChoiceField):
        labels = _choice_labels(field)
        return ", ".join(labels.get(str(v), str(v)) for v in value or ()) or empty
    if isinstance(field, forms.ChoiceField):
        return _choice_labels(field).get(str(plain(value)), str(value)) if value else empty
    if isinstance(field, forms.DateField) and isinstance(value, datetime.date):
        return date_format(value, "d-m-Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or empty
    text = str(value if value is not None else "").strip()
    return text or empty


@dataclass(frozen=True)
class Conflict:
    """A field changed by someone else after the form was loaded, with its value now."""

    name: str
    label: str
    value: str


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionedForm(_FormBase):
    """Mixin for an edit form: carries the version it was loaded with and what it showed.

    Subclasses give ``values_from(record)``: the record's values under the form's field names
    (``None`` for a record kept as versions that has none yet). The view calls ``load`` on a
    fresh form, passes ``expected_version()`` to the service and calls ``refuse`` on
    ``StaleEditError``.
    """

    def __init__(self, *args: Any, versioned: bool = True, **kwargs: Any) -> None:
        """``versioned=False`` only for the same form creating its record: there is no version."""
        super().__init__(*args, **kwargs)
        self.versioned = versioned
        self.fields[VERSION_FIELD] = IntegerField(
            required=versioned, min_value=0, max_value=VERSION_MAX, widget=forms.HiddenInput
        )
        # Signed JSON of every value shown, long text areas included: bounded far above that.
        self.fields[LOADED_FIELD] = forms.CharField(
            required=False, max_length=LOADED_MAX, widget=forms.HiddenInput
        )
        self.conflicts: list[Conflict] = []

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or VERSION_FIELD not in self.errors:
            return
        # Only a page that was not (re)loaded, a script or tampering sends no readable version.
        # Saving it would skip the check, so it is refused as a whole: the message goes on the
        # form, where every template shows it, not on the hidden field.
        del self.errors[VERSION_FIELD]
        self.add_error(
            None,
            ValidationError(
                _(
                    "Nothing was saved: the form did not say which version of the record you "
                    "opened. Reload the page and make your changes again; your input is shown "
                    "here so you can copy it."
                ),
                code="version_missing",
            ),
        )

    def values_from(self, record: Any) -> dict[str, Any]:
        raise NotImplementedError

    def conflict_label(self, name: str) -> str:
        """How a changed field is named; forms with repeated labels make them unique."""
        return str(self.fields[name].label or name)

    def _values(self, record: Any) -> dict[str, Any]:
        return {} if record is None else self.values_from(record)

    def load(self, record: Any, *, version: int) -> None:
        """Mark an unbound form with the version and the values it is loaded with."""
        self.initial[VERSION_FIELD] = version
        self.initial[LOADED_FIELD] = sign_values(self._values(record))

    def expected_version(self) -> int | None:
        """The version the form was loaded with; None only for a form with ``versioned=False``."""
        value = getattr(self, "cleaned_data", {}).get(VERSION_FIELD)
        return value if isinstance(value, int) else None

    def _edit_fields(self) -> list[str]:
        return [n for n in self.fields if n not in (VERSION_FIELD, LOADED_FIELD)]

    def refuse(self, stale: StaleEditError) -> None:
        """Name what changed meanwhile, keep the user's input and take the fresh version.

        A field changed meanwhile that the user left as loaded takes the current value into
        the form (otherwise the next save would quietly undo the other person's change); a
        field both changed keeps the user's input beside the current value, to settle.
        """
        current = self._values(stale.current)
        names = self._edit_fields()
        loaded = unsign_values(self.data.get(self.add_prefix(LOADED_FIELD), ""))
        submitted = getattr(self, "cleaned_data", {})
        if loaded is None:
            # No trustworthy snapshot: name the fields where the input differs from now.
            changed = changed_fields(submitted, current, [n for n in names if n in submitted])
            untouched: set[str] = set()
        else:
            changed = changed_fields(loaded, current, names)
            untouched = {
                n for n in changed if n in submitted and plain(submitted[n]) == plain(loaded.get(n))
            }
        self.conflicts = [
            Conflict(
                name=name,
                label=self.conflict_label(name),
                value=display(self.fields[name], current.get(name)),
            )
            for name in changed
        ]
        if self.conflicts:
            message = _(
                "Someone else saved this after you opened it. Changed meanwhile: %(fields)s. "
                "Your input is kept. Check the current values, then save again."
            ) % {"fields": ", ".join(c.label for c in self.conflicts)}
        else:
            message = _(
                "Someone else saved this after you opened it. Your input is kept. "
                "Check the page, then save again."
            )
        self.add_error(None, message)
        data = self.data.copy()  # type: ignore[attr-defined]
        for conflict in self.conflicts:
            if conflict.name in untouched:
                _put(data, self.add_prefix(conflict.name), current.get(conflict.name))
                text = _("Changed meanwhile and taken into the form. Now: %(value)s")
            else:
                text = _("Changed meanwhile. Now: %(value)s")
            self.add_error(conflict.name, text % {"value": conflict.value})
        # The next submit carries the fresh version and what the user has now seen.
        data[self.add_prefix(VERSION_FIELD)] = str(stale.version)
        data[self.add_prefix(LOADED_FIELD)] = sign_values(current)
        self.data = data


def apply_service(form: forms.Form, call: Callable[[dict[str, Any]], Any]) -> bool:
    """Run a service with the form's cleaned data; its refusals go onto the form.

    True when saved. A stale edit is refused on the form with what changed meanwhile
    (``VersionedForm.refuse``); a ``ValidationError`` lands on the fields it names, or on the
    form as a whole.
    """
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except StaleEditError as stale:
        assert isinstance(form, VersionedForm)
        form.refuse(stale)
        return False
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put each of a service's messages on the field it names (or on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
