# SPDX-License-Identifier: MPL-2.0
"""Strict input parsing: ASCII digits in the database's range, no control characters."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import BadRequest
from django.http import QueryDict

from placematch.accounts.models import Organisation
from placematch.core import inputs

ARABIC_THREE = "٣"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("42", 42),
        (str(inputs.ID_MAX), inputs.ID_MAX),
        (str(inputs.ID_MAX + 1), None),
        ("99999999999999999999", None),
        ("0", None),
        ("007", None),
        ("-3", None),
        ("²", None),
        (ARABIC_THREE, None),
        ("3 ", None),
        ("", None),
        ("1e3", None),
    ],
)
def test_an_id_is_ascii_digits_within_the_databases_range(text, expected):
    assert inputs.parse_id(text) == expected


def test_a_page_number_falls_back_to_the_first_page():
    for bad in ("²", ARABIC_THREE, "0", "-1", "99999999999999999999", "x", ""):
        assert inputs.get_int(QueryDict(f"page={bad}"), "page", default=1, low=1, high=99) == 1
    assert inputs.get_int(QueryDict("page=7"), "page", default=1, low=1, high=99) == 7


def test_a_list_of_ids_with_one_bad_id_is_a_bad_request():
    assert inputs.get_ids(QueryDict("place=3&place=5&place=3"), "place", limit=5) == [3, 5]
    for bad in ("place=3&place=²", "place=99999999999999999999", f"place={ARABIC_THREE}"):
        with pytest.raises(BadRequest):
            inputs.get_ids(QueryDict(bad), "place", limit=5)
    with pytest.raises(BadRequest):
        inputs.get_ids(QueryDict("&".join(["place=1"] * 6)), "place", limit=5)


def test_an_unknown_choice_is_the_default():
    assert inputs.get_choice(QueryDict("status=open"), "status", ["open"]) == "open"
    assert inputs.get_choice(QueryDict("status=op\x00en"), "status", ["open"]) == ""


class NumberForm(forms.Form):
    count = inputs.IntegerField(required=False)
    organisation = inputs.ModelChoiceField(Organisation.objects.all(), required=False)
    organisations = inputs.ModelMultipleChoiceField(Organisation.objects.all(), required=False)


@pytest.mark.django_db
def test_form_fields_refuse_other_scripts_digits_and_huge_numbers(municipality):
    assert forms.IntegerField().clean(ARABIC_THREE) == 3  # why the project's own field exists
    pk = str(municipality.pk)
    good = NumberForm({"count": "-12", "organisation": pk, "organisations": [pk]})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["count"] == -12
    arabic_pk = pk.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for bad in (ARABIC_THREE, "²", "99999999999999999999", "1e3", "3\u200b"):
        form = NumberForm({"count": bad})
        assert not form.is_valid() and "count" in form.errors, bad
    for bad in (ARABIC_THREE, "201" + ARABIC_THREE, "²"):
        assert NumberForm({"count": bad}).errors["count"] == ["Skriv tallet med cifrene 0-9."], bad
    assert NumberForm({"count": "tre"}).errors["count"] == ["Indtast et heltal."]
    for bad in (arabic_pk, "99999999999999999999", f"0{pk}", "-1"):
        form = NumberForm({"organisation": bad, "organisations": [pk, bad]})
        assert not form.is_valid()
        assert set(form.errors) == {"organisation", "organisations"}, bad


def test_the_id_converter_makes_out_of_range_ids_404(client_for, caseworker):
    client = client_for(caseworker)
    for bad in ("99999999999999999999", str(inputs.ID_MAX + 1), "0", "007"):
        assert client.get(f"/children/cases/{bad}/").status_code == 404


@pytest.mark.django_db
def test_control_characters_in_a_query_or_form_get_the_400_page(client_for, caseworker):
    client = client_for(caseworker)
    for query in ({"q": "a\x00b"}, {"q\x01": "x"}, {"q": "\x1b[31m"}, {"q": "\x85"}):
        response = client.get("/children/", query)
        assert response.status_code == 400
        assert "Vi kunne ikke forstå forespørgslen" in response.content.decode()
    assert client.get("/children/", {"q": "Ida\tAsger"}).status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en\x00"}).status_code == 400
