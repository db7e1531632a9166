# SPDX-License-Identifier: MPL-2.0
"""Hostile input for every page: its forms and query parameters get values no person types."""

from __future__ import annotations

import inspect
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.db import connection
from django.http import HttpResponse
from django.test import Client

from placematch.accounts.models import User

# The values a hostile or careless caller sends. Lists stand for "a list where one value is
# expected" (a repeated query parameter or form field).
CORPUS: tuple[str | tuple[str, ...], ...] = (
    "²",  # str.isdigit() says yes, int() says no
    "٣",  # Arabic-Indic three: int() says 3
    "99999999999999999999",  # beyond 64 bits: OverflowError on SQLite
    "-1",
    "a\x00b",  # NUL: PostgreSQL refuses it in text
    "x" * 100_000,
    "\u202eevil\u200b",  # right-to-left override and a zero-width space
    "😀👨‍👩‍👧",
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE children_child; --",
    "9999-99-99",
    "0001-01-01",
    ("1", "2"),
)
# A smaller corpus for the further users of a page the first user has already walked.
SHORT_CORPUS: tuple[str | tuple[str, ...], ...] = (
    "²",
    "99999999999999999999",
    "a\x00b",
    ("1", "2"),
)
# The slow test adds these.
EXTRA_CORPUS: tuple[str | tuple[str, ...], ...] = (
    "",
    " ",
    "0",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "3.5",
    "١٢",  # Arabic-Indic twelve
    "１２",  # full-width twelve
    "\r\n\t",
    "\x1b[31m",
    "%00",
    "../../etc/passwd",
    "{{ 7|add:7 }}",
    "2026-02-30",
    "31-12-2026",
    ("", ""),
    tuple(str(n) for n in range(60)),
)

# Rows a refused request may write on purpose: the session, the access log (a refused PIN is
# logged), the failed-login counters, and the place index a match page stores on first use for
# the current provider data (a cache by content, whatever the form then says).
UNCOUNTED_TABLES = frozenset(
    {"django_session", "audit_accesslogentry", "axes_accessattempt", "axes_accesslog",
     "axes_accessfailurelog", "matching_indexsnapshot", "matching_indexversion"}
)  # fmt: skip

# The query parameters a view reads: request.GET.get("x"), getlist, [...] and core.inputs.
_QUERY_READ = re.compile(
    r"""(?:request\.GET(?:\.get|\.getlist)?\(\s*|request\.GET\[\s*|"""
    r"""get_\w+\(\s*request\.GET,\s*)["'](\w+)["']"""
)


def query_parameters_read_by(view: Any) -> set[str]:
    """The query parameters the view's module reads (found in its source, like a grep)."""
    target = inspect.unwrap(view)
    try:
        source = Path(inspect.getsourcefile(target) or "").read_text(encoding="utf-8")
    except (OSError, TypeError):
        return set()
    return set(_QUERY_READ.findall(source))


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    """The page's forms with the values a browser would send for them untouched."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        if self._form is not None and name and name != "csrfmiddlewaretoken":
            self._form.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.url, a.get("action") or self.url)
            self._form = Form((a.get("method") or "get").lower(), action)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            name = a.get("name", "")
            if kind in ("submit", "button", "image", "reset", "file"):
                if name and kind == "submit":
                    self._form.fields.setdefault(name, [])  # sent only when pressed
                return
            if kind in ("checkbox", "radio"):
                self._form.fields.setdefault(name, [])
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
                return
            self._add(name, a.get("value", ""))
        elif tag == "button" and a.get("name"):
            self._form.fields.setdefault(a["name"], [])
        elif tag == "select":
            self._select = a.get("name", "")
            self._select_first, self._select_chosen = None, False
            self._form.fields.setdefault(self._select, [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._add(self._select, value)
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea = a.get("name", "")
            self._add(self._textarea, "")

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None and self._form.fields.get(self._textarea):
            self._form.fields[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str, url: str) -> list[Form]:
    parser = _FormParser(url)
    parser.feed(html)
    return parser.forms


# The counting query per test database: its tables do not change while the tests run, and
# reading them from the catalogue before every request cost more than the counting.
_COUNT_SQL: dict[tuple[str, str], str] = {}


def row_counts() -> dict[str, int]:
    """Rows in every table of the project, in one query."""
    key = (connection.vendor, str(connection.settings_dict["NAME"]))
    if key not in _COUNT_SQL:
        tables = sorted(set(connection.introspection.table_names()) - UNCOUNTED_TABLES)
        quote = connection.ops.quote_name
        _COUNT_SQL[key] = " UNION ALL ".join(
            f"SELECT '{t}', COUNT(*) FROM {quote(t)}"  # noqa: S608
            for t in tables
        )
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL[key])
        return dict(cursor.fetchall())


def _as_list(value: str | tuple[str, ...]) -> list[str]:
    return list(value) if isinstance(value, tuple) else [value]


def _short(value: str | tuple[str, ...]) -> str:
    text = repr(value)
    return text if len(text) < 40 else f"{text[:30]}…({len(text)} chars)"


@dataclass
class HostileChecker:
    """Sends the corpus to every query parameter and form field of a page and notes problems.

    A problem is a server error (5xx) or a refused request (4xx) that changed a row count.
    """

    corpus: Sequence[str | tuple[str, ...]] = CORPUS
    # How many corpus values each parameter or field gets (None: all), drawn with a seed from the
    # page's and field's names, so a run is repeatable and every value is sent somewhere.
    per_field: int | None = None
    seed: int = 2026
    requests: int = 0
    problems: list[str] = field(default_factory=list)

    def _send(
        self,
        client: Client,
        method: str,
        url: str,
        data: dict[str, list[str]],
        label: str,
    ) -> HttpResponse:
        before = row_counts()
        if method == "post":
            response = client.post(url, data)
        else:
            query = urlencode([(k, v) for k, vs in data.items() for v in vs])
            response = client.get(f"{url.split('?')[0]}?{query}" if query else url)
        self.requests += 1
        if response.status_code >= 500:
            self.problems.append(f"{label}: {method.upper()} {url} answered {response.status_code}")
        elif 400 <= response.status_code < 500:
            after = row_counts()
            changed = {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)}
            if changed:
                self.problems.append(
                    f"{label}: {method.upper()} {url} answered {response.status_code} but "
                    f"changed rows {changed}"
                )
        return response

    def _values(self, key: str) -> list[str | tuple[str, ...]]:
        if self.per_field is None or self.per_field >= len(self.corpus):
            return list(self.corpus)
        rng = random.Random(f"{self.seed} {key}")
        return rng.sample(list(self.corpus), self.per_field)

    def check_page(
        self,
        client: Client,
        url: str,
        *,
        name: str,
        query_parameters: Iterable[str] = (),
        choose: dict[str, list[str]] | None = None,
    ) -> None:
        """GET the page, then every parameter and field with every hostile value.

        ``choose`` gives fields the page leaves empty the answer a person would pick, so the
        hostile values reach past "choose an answer" to what the form does with them.
        """
        page = client.get(url)
        self.requests += 1
        if page.status_code >= 500:
            self.problems.append(f"{name}: GET {url} answered {page.status_code}")
            return
        html = page.content.decode(errors="replace") if _is_html(page) else ""
        forms = forms_of(html, url) if page.status_code == 200 else []
        base_query = dict(_query_of(url))
        parameters = set(query_parameters)
        for form in forms:
            if form.method == "get" and urlsplit(form.action).path == urlsplit(url).path:
                parameters |= set(form.fields)
        for parameter in sorted(parameters):
            for value in self._values(f"{url} ?{parameter}"):
                data = {**base_query, parameter: _as_list(value)}
                self._send(client, "get", url, data, f"{name} ?{parameter}={_short(value)}")
        for index, form in enumerate(f for f in forms if f.method == "post"):
            current = _chosen(form, choose)
            for field_name in sorted(form.fields):
                for value in self._values(f"{url} {index} {field_name}"):
                    data = {**current.fields, field_name: _as_list(value)}
                    label = f"{name} form {index} {field_name}={_short(value)}"
                    response = self._send(client, "post", current.action, data, label)
                    if response.status_code < 400:
                        # Saved: a fresh form (its one-time key, its version) for the next try.
                        current = _chosen(_fresh_form(client, url, index), choose) or current

    def check_path(self, client: Client, url: str, placeholder: str, *, name: str) -> None:
        """GET the address with each hostile value (escaped) in place of the placeholder."""
        for value in self._values(f"{url} path"):
            text = "".join(value) if isinstance(value, tuple) else value
            hostile = url.replace(placeholder, quote(text, safe="") or "-")
            self._send(client, "get", hostile, {}, f"{name} {_short(value)}")


def _chosen(form: Form | None, choose: dict[str, list[str]] | None) -> Form | None:
    if form is None or not choose:
        return form
    picked = {k: v for k, v in choose.items() if k in form.fields and not form.fields[k]}
    return Form(form.method, form.action, {**form.fields, **picked})


def _fresh_form(client: Client, url: str, index: int) -> Form | None:
    page = client.get(url)
    if page.status_code != 200 or not _is_html(page):
        return None
    posts = [f for f in forms_of(page.content.decode(errors="replace"), url) if f.method == "post"]
    return posts[index] if index < len(posts) else None


def _is_html(response: HttpResponse) -> bool:
    return "text/html" in response.get("Content-Type", "")


def _query_of(url: str) -> list[tuple[str, list[str]]]:
    from urllib.parse import parse_qs

    return [(k, v) for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()]


def logged_in(user: User | None) -> Client:
    """A client that returns a server error as a response, so the checker can count it."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client
