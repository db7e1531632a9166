# SPDX-License-Identifier: MPL-2.0
"""The edit-form half of optimistic concurrency: versions, signed snapshots, named changes."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.http import QueryDict

from placematch.core.concurrency import (
    LOADED_FIELD,
    VERSION_FIELD,
    StaleEditError,
    VersionedForm,
    changed_fields,
    plain,
    refuse_stale,
    sign_values,
    unsign_values,
)


class RecordForm(VersionedForm, forms.Form):
    status = forms.ChoiceField(label="Status", choices=[("open", "Open"), ("closed", "Closed")])
    hidden = forms.BooleanField(label="Hidden from the parents", required=False)
    due = forms.DateField(label="Due", required=False)
    note = forms.CharField(label="Note", required=False)

    def values_from(self, record: Any) -> dict[str, Any]:
        return {"status": record.status, "hidden": record.hidden, "due": record.due,
                "note": record.note}  # fmt: skip


def _record(**changes: Any) -> SimpleNamespace:
    values = {"status": "open", "hidden": False, "due": datetime.date(2024, 6, 3), "note": "a"}
    return SimpleNamespace(**{**values, **changes})


def _post(loaded_form: RecordForm, **fields: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update({"status": "open", "due": "2024-06-03", "note": "a", **fields})
    data[VERSION_FIELD] = str(loaded_form.initial[VERSION_FIELD])
    data[LOADED_FIELD] = loaded_form.initial[LOADED_FIELD]
    return data


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (datetime.date(2024, 6, 3), "2024-06-03"),
        (7, "7"),
        (" text\r\nmore ", "text\nmore"),
        (["b", "a"], ["a", "b"]),
        ({"x": 1}, {"x": "1"}),
    ],
)
def test_plain_values_compare_across_a_json_round_trip(value, expected):
    assert plain(value) == expected


@pytest.mark.parametrize(
    ("expected", "actual", "refused"),
    [(None, 5, False), (5, 5, False), (4, 5, True), (0, 1, True), (0, 0, False)],
)
def test_refuse_stale_only_when_the_form_carries_another_version(expected, actual, refused):
    if refused:
        with pytest.raises(StaleEditError) as caught:
            refuse_stale(expected=expected, actual=actual, current="now")
        assert caught.value.version == actual
        assert caught.value.current == "now"
    else:
        refuse_stale(expected=expected, actual=actual, current="now")


def test_a_forged_or_missing_snapshot_is_not_trusted():
    token = sign_values({"status": "open"})
    assert unsign_values(token) == {"status": "open"}
    assert unsign_values(token[:-2] + "xx") is None
    assert unsign_values("") is None


def test_changed_fields_keep_the_form_order():
    loaded = {"a": "1", "b": "x", "c": "false"}
    assert changed_fields(loaded, {"a": 1, "b": "y", "c": True}, ["c", "a", "b"]) == ["c", "b"]


def test_a_fresh_form_carries_the_version_and_a_fresh_save_passes():
    form = RecordForm()
    form.load(_record(), version=3)
    bound = RecordForm(_post(form, note="mine"))
    assert bound.is_valid(), bound.errors
    assert bound.expected_version() == 3


@pytest.mark.parametrize(
    "version",
    [
        None,  # not sent at all
        "",
        "-1",
        "abc",
        "1.5",
        "3 4",
        "99999999999999999999999",  # beyond any id
        str(2**63),
        "٣",  # Arabic-Indic three: int() reads it, we do not
        "³",  # superscript three: isdigit() says yes, int() says no
        "３",  # fullwidth three
        "0x3",
    ],
)
def test_a_missing_or_unreadable_version_refuses_the_form_and_keeps_the_input(version):
    form = RecordForm()
    form.load(_record(), version=3)
    data = _post(form, note="mine")
    if version is None:
        del data[VERSION_FIELD]
    else:
        data[VERSION_FIELD] = version
    bound = RecordForm(data)
    assert not bound.is_valid()
    assert bound.expected_version() is None
    # One message on the form, asking to reload; no field error on the hidden field.
    assert VERSION_FIELD not in bound.errors
    message = " ".join(bound.non_field_errors())
    assert "Intet blev gemt" in message and "Genindlæs siden" in message
    assert bound["note"].value() == "mine"


def test_the_largest_version_an_id_can_be_is_read():
    form = RecordForm()
    form.load(_record(), version=2**63 - 1)
    bound = RecordForm(_post(form))
    assert bound.is_valid(), bound.errors
    assert bound.expected_version() == 2**63 - 1


def test_a_form_creating_its_record_carries_no_version():
    bound = RecordForm({"status": "open"}, versioned=False)
    assert bound.is_valid(), bound.errors
    assert bound.expected_version() is None


def test_a_stale_save_names_the_changed_fields_with_their_current_values():
    form = RecordForm()
    form.load(_record(), version=3)
    bound = RecordForm(_post(form, note="mine"))
    assert bound.is_valid()
    bound.refuse(StaleEditError(current=_record(hidden=True, status="closed"), version=4))
    assert [c.name for c in bound.conflicts] == ["status", "hidden"]
    assert [(c.label, c.value) for c in bound.conflicts] == [
        ("Status", "Closed"),
        ("Hidden from the parents", "Ja"),
    ]
    message = bound.non_field_errors()[0]
    assert "Status" in message and "Hidden from the parents" in message
    assert "Ændret i mellemtiden" in bound.errors["hidden"][0]
    # The user's own input stays; a field only the other person changed takes its current
    # value, so saving again cannot undo their change; the next submit carries the fresh
    # version and snapshot.
    assert bound["note"].value() == "mine"
    assert bound["status"].value() == "closed"
    assert bound["hidden"].value() is True
    assert "overført til formularen" in bound.errors["status"][0]
    assert bound.data[VERSION_FIELD] == "4"
    assert unsign_values(bound.data[LOADED_FIELD])["hidden"] == "true"
    again = RecordForm(bound.data)
    assert again.is_valid()
    assert again.expected_version() == 4
    assert (again.cleaned_data["status"], again.cleaned_data["hidden"]) == ("closed", True)


def test_a_field_both_changed_keeps_the_users_input_to_settle():
    form = RecordForm()
    form.load(_record(), version=3)
    bound = RecordForm(_post(form, status="closed", note="mine"))
    assert bound.is_valid()
    bound.refuse(StaleEditError(current=_record(note="theirs"), version=4))
    assert [c.name for c in bound.conflicts] == ["note"]
    assert bound["note"].value() == "mine"  # both changed it: the user decides
    assert "overført" not in bound.errors["note"][0]
    assert "Nu: theirs" in bound.errors["note"][0]
    assert bound["status"].value() == "closed"  # the user's own change elsewhere stays


def test_a_stale_save_without_a_trusted_snapshot_names_what_differs_from_the_input():
    form = RecordForm()
    form.load(_record(), version=3)
    data = _post(form, note="mine")
    data[LOADED_FIELD] = "forged"
    bound = RecordForm(data)
    assert bound.is_valid()
    bound.refuse(StaleEditError(current=_record(note="theirs"), version=4))
    assert [c.name for c in bound.conflicts] == ["note"]
    assert bound.conflicts[0].value == "theirs"


def test_a_record_kept_as_versions_with_none_yet_loads_as_version_zero():
    form = RecordForm()
    form.load(None, version=0)
    bound = RecordForm(_post(form, note=""))
    assert bound.is_valid()
    assert bound.expected_version() == 0
    bound.refuse(StaleEditError(current=_record(note="first"), version=1))
    assert "note" in [c.name for c in bound.conflicts]
