# SPDX-License-Identifier: MPL-2.0
"""Every page, its forms and its query parameters take hostile input without a server error."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path, reverse

from config.urls import urlpatterns as project_urlpatterns
from placematch.accounts.models import Organisation, User
from placematch.children.link_forms import CHILD_FORM, PARENT_FORM
from placematch.children.selectors import parents_of
from placematch.core.routes import AccessClass, public
from placematch.involvement.services import link_issue
from tests.hostile import (
    CORPUS,
    EXTRA_CORPUS,
    SHORT_CORPUS,
    HostileChecker,
    logged_in,
    query_parameters_read_by,
)
from tests.route_matrix import (
    Route,
    SampleContext,
    expected_denied,
    iter_routes,
    load_samples,
    url_for,
)

pytestmark = pytest.mark.django_db

# The users who are let in, tried in this order: the first gets the whole corpus.
REPRESENTATIVES = (
    ("own", "caseworker"),
    ("own", "team_leader"),
    ("provider", "provider_staff"),
    ("none", "superuser"),
)
# Every admin page goes through the same guard and the same generic views as these.
ADMIN_PAGES = {"admin:index", "admin:accounts_user_changelist", "admin:accounts_user_change"}
CHILD_STEPS = ("", "q-school", "q-worries", "heard", "done")
PARENT_STEPS = ("", "views", "heard", "done")


def _users_let_in(route: Route, users: dict[tuple[str, str], User]) -> list[User]:
    chosen = [users[k] for k in REPRESENTATIVES if k in users and not expected_denied(route, k)]
    if not chosen:  # a route only another role reaches, e.g. the family-care consultant's
        chosen = [u for k, u in sorted(users.items()) if not expected_denied(route, k)][:1]
    return chosen


def _link_holder(caseworker: User, child_id: int, form_key: str, person_id: str = "") -> object:
    _link, token = link_issue(
        actor=caseworker, form_key=form_key, subject_id=str(child_id), person_id=person_id
    )
    client = logged_in(None)
    assert client.get(reverse("involvement:open", args=[token])).status_code == 302
    return client


def walk_every_route(
    users: dict[tuple[str, str], User],
    ctx: SampleContext,
    corpus: Sequence[str | tuple[str, ...]],
    short_corpus: Sequence[str | tuple[str, ...]],
    per_field: int | None,
) -> tuple[HostileChecker, HostileChecker]:
    samples = load_samples()
    first = HostileChecker(corpus=corpus, per_field=per_field)
    further = HostileChecker(corpus=short_corpus, per_field=1 if per_field else None)
    token_routes: list[Route] = []
    for route in iter_routes():
        cls = route.access_class
        if cls is AccessClass.ADMIN and route.name not in ADMIN_PAGES:
            continue
        if cls is AccessClass.TOKEN:
            token_routes.append(route)
            continue
        url = url_for(route, samples, ctx)
        parameters = query_parameters_read_by(route.callback)
        if cls is AccessClass.PUBLIC:
            first.check_page(logged_in(None), url, name=route.name, query_parameters=parameters)
            continue
        for number, user in enumerate(_users_let_in(route, users)):
            checker = first if number == 0 else further
            label = f"{route.name} as {user.role or 'superuser'}"
            checker.check_page(logged_in(user), url, name=label, query_parameters=parameters)
    # The secure-link pages, as the child and as a parent holding a link for the sample case.
    case = ctx.cache["children_case"]
    caseworker = users[("own", "caseworker")]
    parent = parents_of(case.child).first()
    assert parent is not None and token_routes
    holders = (
        (_link_holder(caseworker, case.child_id, CHILD_FORM), CHILD_STEPS),
        (_link_holder(caseworker, case.child_id, PARENT_FORM, str(parent.pk)), PARENT_STEPS),
    )
    for client, steps in holders:
        for step in steps:
            url = (
                reverse("involvement:form_step", args=[step])
                if step
                else reverse("involvement:form")
            )
            first.check_page(client, url, name=f"link form {url}")  # type: ignore[arg-type]
    pin_holder = logged_in(None)
    _link, token = link_issue(
        actor=caseworker, form_key=CHILD_FORM, subject_id=str(case.child_id), pin="4711"
    )
    pin_holder.get(reverse("involvement:open", args=[token]))
    first.check_page(pin_holder, reverse("involvement:pin"), name="link PIN")
    return first, further


def _context(users, municipality, provider_org) -> SampleContext:
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    load_samples()["children:case_detail"](ctx)  # the case the link holders answer about
    return ctx


def test_no_page_gives_a_server_error_or_saves_half_on_hostile_input(
    users, municipality, provider_org
):
    ctx = _context(users, municipality, provider_org)
    started = time.monotonic()
    first, further = walk_every_route(users, ctx, CORPUS, SHORT_CORPUS, per_field=2)
    took = time.monotonic() - started
    sent = first.requests + further.requests
    print(f"\nhostile input: {sent} requests in {took:.0f} s, "
          f"{len(first.problems) + len(further.problems)} problems")  # fmt: skip
    problems = first.problems + further.problems
    assert not problems, "\n".join(problems)
    assert sent > 1000


@pytest.mark.slow
def test_a_larger_corpus_for_every_page(users, municipality, provider_org):
    ctx = _context(users, municipality, provider_org)
    corpus = CORPUS + EXTRA_CORPUS
    # Twice the default's values per field, drawn from the larger corpus: a few minutes.
    first, further = walk_every_route(users, ctx, corpus, SHORT_CORPUS, per_field=6)
    problems = first.problems + further.problems
    assert not problems, "\n".join(problems)


# -- the checker itself must see a broken view ------------------------------------------------


@public
def _broken_page_number(request: HttpRequest) -> HttpResponse:
    page = int(request.GET["page"])  # the bug the checker is for
    return HttpResponse(f'<form method="get"><input name="page" value="{page}"></form>')


@public
def _half_save(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        Organisation.objects.create(name=request.POST.get("name", "")[:50])
        raise BadRequest("refused after writing")
    return HttpResponse('<form method="post"><input name="name" value="x"></form>')


urlpatterns = [
    path("broken/", _broken_page_number, name="broken"),
    path("half/", _half_save, name="half"),
    *project_urlpatterns,
]


@override_settings(ROOT_URLCONF=__name__)
def test_the_checker_reports_a_server_error():
    checker = HostileChecker(corpus=["²"])
    checker.check_page(logged_in(None), "/broken/?page=1", name="broken", query_parameters=["page"])
    assert checker.problems == ["broken ?page='²': GET /broken/?page=1 answered 500"]
    found = query_parameters_read_by(_broken_page_number)
    assert "page" in found


@override_settings(ROOT_URLCONF=__name__)
def test_the_checker_reports_rows_saved_by_a_refused_request():
    checker = HostileChecker(corpus=["٣"])
    checker.check_page(logged_in(None), "/half/", name="half")
    assert len(checker.problems) == 1
    assert "answered 400 but changed rows {'accounts_organisation': (0, 1)}" in checker.problems[0]
