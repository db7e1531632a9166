# SPDX-License-Identifier: MPL-2.0
"""Read a page's form as a browser would submit it, so tests post what the user saw."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside, self.data = True, {}
            self.forms.append((a.get("action", ""), self.data))
            return
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._add(name, a.get("value", ""))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._add(self._select, value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_data(
    html: str, action: str | None = None, field: str = "edit_version"
) -> dict[str, list[str]]:
    """What the form posting to ``action`` (else the first edit form with ``field``) submits."""
    reader = _FormReader()
    reader.feed(html)
    for form_action, data in reader.forms:
        has_field = any(name == field or name.endswith(f"-{field}") for name in data)
        if (action is not None and form_action == action) or (action is None and has_field):
            return data
    raise AssertionError(f"no form with action {action!r} or field {field!r} on the page")


def shown_version(client: Any, url: str, action: str | None = None) -> dict[str, str]:
    """The version fields of the edit form on the page at ``url``, as the browser posts them."""
    data = form_data(client.get(url).content.decode(), action)
    return {name: values[0] for name, values in data.items() if name.endswith("edit_version")}
