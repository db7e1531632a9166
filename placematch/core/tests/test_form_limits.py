# SPDX-License-Identifier: MPL-2.0
"""Every text field of every form has a maximum length, and one-line fields refuse line breaks."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils import translation

from placematch.core import inputs
from tests.route_matrix import SampleContext, load_samples

pytestmark = pytest.mark.django_db


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the project's modules define (tests and migrations left out)."""
    import placematch

    found: dict[str, type[forms.BaseForm]] = {}
    for info in pkgutil.walk_packages(placematch.__path__, "placematch."):
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def _required_keywords(form_class: type) -> dict[str, inspect.Parameter]:
    """The keyword-only arguments without a default that any ``__init__`` of the form needs."""
    needed: dict[str, inspect.Parameter] = {}
    for klass in form_class.__mro__:
        init = vars(klass).get("__init__")
        if init is None or not klass.__module__.startswith("placematch."):
            continue
        for parameter in inspect.signature(init).parameters.values():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                needed.setdefault(parameter.name, parameter)
    return needed


def _value_by_type(form_class: type, name: str) -> Any:
    """A default-built value of the argument's declared type (e.g. the matching policy)."""
    for klass in form_class.__mro__:
        init = vars(klass).get("__init__")
        if init is None:
            continue
        try:
            hint = typing.get_type_hints(init).get(name)
        except NameError:  # an annotation only imported for type checking
            continue
        if isinstance(hint, type):
            return hint()
    raise LookupError(name)


@pytest.fixture
def arguments(users, municipality, provider_org) -> dict[str, Any]:
    """What the forms' constructors are given by their views, built from the route samples."""
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    samples = load_samples()
    samples["children:case_detail"](ctx)
    samples["preparation:case_plan"](ctx)
    case = ctx.cache["children_case"]
    no_rows = type(case).objects.none()  # the fields' choices do not matter here
    return {
        "organisation_id": municipality.pk,
        "case": case,
        "plan": ctx.cache["preparation_plan"],
        "user": users[("own", "caseworker")],
        "device": None,
        "choices": [],
        "people": no_rows,
        "decisions": no_rows,
        "places": no_rows,
        "place_ids": [],
        "parties": [],
        "siblings": no_rows,
        "goals": [],
        "start_levels": {},
        "families": no_rows,
        "supporters": no_rows,
        "fixed_supporter": False,
    }


def build(form_class: type[forms.BaseForm], arguments: dict[str, Any]) -> forms.BaseForm:
    kwargs: dict[str, Any] = {}
    for name in _required_keywords(form_class):
        if name in arguments:
            kwargs[name] = arguments[name]
            continue
        try:
            kwargs[name] = _value_by_type(form_class, name)
        except (LookupError, TypeError):
            pytest.fail(
                f"{form_class.__qualname__} needs {name}=: add a value for it to the arguments "
                "fixture, so the form's fields can be checked"
            )
    return form_class(**kwargs)


def test_the_walk_finds_the_forms_of_every_app():
    modules = {form.__module__.split(".")[1] for form in project_form_classes()}
    assert {"accounts", "children", "decisions", "involvement", "matching"} <= modules
    assert {"preparation", "providers"} <= modules


def test_every_text_field_of_every_form_has_a_maximum_length(arguments):
    problems = []
    checked = 0
    for form_class in project_form_classes():
        if issubclass(form_class, forms.ModelForm) and form_class._meta.model is None:
            continue  # a base without a model is no form of its own
        form = build(form_class, arguments)
        if not isinstance(form, inputs.TextLimits):  # fields a view adds later get no limit
            problems.append(f"{form_class.__module__}.{form_class.__qualname__} is no inputs.Form")
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            checked += 1
            where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            limits = [v for v in field.validators if isinstance(v, MaxLengthValidator)]
            if field.max_length is None or not limits:
                problems.append(f"{where} has no maximum length")
            if inputs.is_single_line(field) and inputs.refuse_line_breaks not in field.validators:
                problems.append(f"{where} is one line but takes line breaks")
            if isinstance(field.widget, forms.Textarea) and "maxlength" in str(form[name]):
                problems.append(f"{where} lets the browser cut a pasted text")
    assert not problems, "\n".join(problems)
    assert checked > 50


class _Example(inputs.Form):
    name = forms.CharField()
    story = forms.CharField(widget=forms.Textarea)
    reason = forms.CharField(widget=forms.Textarea, max_length=inputs.LONG_TEXT_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.CharField(required=False)  # added after the hook ran


def test_the_defaults_are_a_line_and_a_text_area_and_an_own_limit_stays():
    form = _Example()
    assert form.fields["name"].max_length == inputs.LINE_MAX
    assert form.fields["story"].max_length == inputs.TEXT_MAX
    assert form.fields["reason"].max_length == inputs.LONG_TEXT_MAX
    # The browser stops the typing on one line too; a text area has no maxlength, since a
    # browser would cut a pasted text there silently instead of the form refusing it.
    assert f'maxlength="{inputs.LINE_MAX}"' in str(form["name"])
    assert "maxlength" not in str(form["story"]) and "maxlength" not in str(form["reason"])


def test_over_long_text_is_refused_with_the_field_error_in_danish():
    data = {"name": "x" * (inputs.LINE_MAX + 1), "story": "y" * (inputs.TEXT_MAX + 1)}
    data |= {"reason": "z" * inputs.LONG_TEXT_MAX, "late": "w" * (inputs.LINE_MAX + 1)}
    with translation.override("da"):
        form = _Example(data)
        assert not form.is_valid()
        assert set(form.errors) == {"name", "story", "late"}
        assert form.errors["story"] == ["Denne værdi må højst have 5000 tegn (den har 5001)."]


def test_a_line_break_in_a_one_line_field_is_refused_but_a_text_area_keeps_its_lines():
    story = "Først dette.\r\n\tSå dette.\nTil sidst."
    with translation.override("da"):
        for name in ("Anna\nHansen", "Anna\rHansen", "Anna\u2028Hansen"):
            form = _Example({"name": name, "story": story, "reason": "Fordi."})
            assert not form.is_valid()
            assert form.errors == {"name": ["Skriv det på én linje, uden linjeskift."]}
        form = _Example({"name": "Anna Hansen", "story": story, "reason": "Fordi."})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["story"] == story.strip()


def test_an_over_long_wish_shows_the_error_and_saves_nothing(client_for, users, arguments):
    case = arguments["case"]
    client = client_for(users[("own", "caseworker")])
    url = f"/children/cases/{case.pk}/wishes/"
    wish = {"kind": "animals", "importance": "high", "text": "Hund\n" * 1001}
    response = client.post(url, wish, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    assert "højst have 5000 tegn" in response.content.decode()
    assert not case.wishes.exists()
    # Just within the limit, with its line breaks, the wish is saved.
    response = client.post(url, {**wish, "text": "Hund\n" * 999})
    assert response.status_code == 302
    assert case.wishes.get().text.count("\n") == 998


def test_no_template_lets_the_browser_cut_a_pasted_text():
    # The views refuse an over-long text with its limit; a maxlength would cut it unseen.
    root = Path(settings.BASE_DIR) / "placematch"
    cutting = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if re.search(r"<textarea[^>]*maxlength", path.read_text(encoding="utf-8"))
    ]
    assert cutting == []
