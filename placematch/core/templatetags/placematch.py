# SPDX-License-Identifier: MPL-2.0
"""Template helpers shared by every app's templates."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_INPUT_CLASS = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.Textarea: "form-input",
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}


@register.filter
def widget(field: forms.BoundField) -> SafeString:
    """Render a field's input with the design system's class and its hint/error links."""
    attrs: dict[str, str | bool] = {}
    css = next(
        (c for kind, c in _INPUT_CLASS.items() if isinstance(field.field.widget, kind)), None
    )
    css = "form-input" if css is None else css
    existing = str(field.field.widget.attrs.get("class", ""))
    if css and css not in existing:
        attrs["class"] = f"{existing} {css}".strip()
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_hint")
    described += [f"{field.auto_id}_error_{i}" for i in range(1, len(field.errors) + 1)]
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
