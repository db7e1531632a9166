# SPDX-License-Identifier: MPL-2.0
"""Every page, its forms and its query parameters take hostile input without a server error."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse
from django.utils import timezone

from config.urls import urlpatterns as project_urlpatterns
from placematch.accounts.models import Organisation, User
from placematch.children.link_forms import CHILD_FORM, PARENT_FORM
from placematch.children.models import RelatedPerson
from placematch.children.selectors import parents_of
from placematch.children.tests.factories import PersonFactory
from placematch.core.routes import AccessClass, public
from placematch.involvement.services import link_issue
from placematch.preparation.link_forms import CHILD_FEEDBACK, PARENT_FEEDBACK
from placematch.preparation.models import PreparationMeeting, Step
from placematch.preparation.services import meeting_add, meeting_mark_held
from tests import hostile_summary
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

# Every page with hostile input: a whole-site crawl, run on PostgreSQL by `make test`.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

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
# The walk comes in parts, so that test workers share it: the apps with most pages each, the
# rest of the pages together, and the secure links.
APP_PARTS = ("children", "decisions", "matching", "preparation", "providers")
OTHER = "accounts, admin, core, involvement"
LINKS = "secure links"
PARTS = (*APP_PARTS, OTHER, LINKS)


def part_of(route: Route) -> str:
    if route.access_class is AccessClass.TOKEN:
        return LINKS
    namespace = route.name.split(":")[0] if ":" in route.name else ""
    return namespace if namespace in APP_PARTS else OTHER


def _users_let_in(route: Route, users: dict[tuple[str, str], User]) -> list[User]:
    chosen = [users[k] for k in REPRESENTATIVES if k in users and not expected_denied(route, k)]
    if not chosen:  # a route only another role reaches, e.g. the family-care consultant's
        chosen = [u for k, u in sorted(users.items()) if not expected_denied(route, k)][:1]
    return chosen


def _link_holder(caseworker: User, child_id: int, form_key: str, person_id: str = "") -> Client:
    _link, token = link_issue(
        actor=caseworker, form_key=form_key, subject_id=str(child_id), person_id=person_id
    )
    client = logged_in(None)
    assert client.get(reverse("involvement:open", args=[token])).status_code == 302
    return client


def _step_url(step: str) -> str:
    return reverse("involvement:form_step", args=[step]) if step else reverse("involvement:form")


def walk_pages(
    part: str,
    users: dict[tuple[str, str], User],
    ctx: SampleContext,
    corpus: Sequence[str | tuple[str, ...]],
    short_corpus: Sequence[str | tuple[str, ...]],
    per_field: int | None,
) -> tuple[HostileChecker, HostileChecker]:
    """Every page of the part, as each kind of user let in (the first gets the whole corpus)."""
    samples = load_samples()
    first = HostileChecker(corpus=corpus, per_field=per_field)
    further = HostileChecker(corpus=short_corpus, per_field=1 if per_field else None)
    for route in iter_routes():
        cls = route.access_class
        if part_of(route) != part or cls is AccessClass.TOKEN:
            continue
        if cls is AccessClass.ADMIN and route.name not in ADMIN_PAGES:
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
    return first, further


def _held_meeting(ctx: SampleContext) -> tuple[PreparationMeeting, RelatedPerson]:
    """A meeting of the sample plan held today, with the child and a parent: feedback is due."""
    caseworker = ctx.users[("own", "caseworker")]
    load_samples()["preparation:case_plan"](ctx)
    plan = ctx.cache["preparation_plan"]
    parent = parents_of(plan.case.child).first() or PersonFactory(child=plan.case.child)
    meeting = meeting_add(
        actor=caseworker, plan=plan, step=Step.FIRST_MEETING, meeting_on=timezone.localdate(),
        parents=[parent],
    )  # fmt: skip
    return meeting_mark_held(actor=caseworker, meeting=meeting), parent


def walk_links(
    users: dict[tuple[str, str], User],
    ctx: SampleContext,
    corpus: Sequence[str | tuple[str, ...]],
    per_field: int | None,
) -> HostileChecker:
    """The secure-link pages as the child and a parent, the PIN page, and hostile tokens."""
    checker = HostileChecker(corpus=corpus, per_field=per_field)
    caseworker = users[("own", "caseworker")]
    # The child's wishes and the parents' views, for the sample case.
    case = ctx.cache["children_case"]
    parent = parents_of(case.child).first()
    assert parent is not None
    holders = (
        (_link_holder(caseworker, case.child_id, CHILD_FORM), CHILD_STEPS),
        (_link_holder(caseworker, case.child_id, PARENT_FORM, str(parent.pk)), PARENT_STEPS),
    )
    for client, steps in holders:
        for step in steps:
            checker.check_page(client, _step_url(step), name=f"link form {step or 'start'}")
    # The feedback after a held meeting: the child rates, then writes; a parent does both at
    # once. A person picks the rating, so the text gets the hostile values with a real rating.
    meeting, person = _held_meeting(ctx)
    child_id = meeting.plan.case.child_id
    child = _link_holder(caseworker, child_id, CHILD_FEEDBACK)
    rate, say = f"rate-{meeting.pk}", f"say-{meeting.pk}"
    for step in ("", rate):
        checker.check_page(child, _step_url(step), name=f"child feedback {step or 'start'}")
    assert child.post(_step_url(rate), {"rating": "good"}).status_code == 302
    checker.check_page(child, _step_url(say), name="child feedback say")
    checker.check_page(child, _step_url("done"), name="child feedback done")
    parent_holder = _link_holder(caseworker, child_id, PARENT_FEEDBACK, str(person.pk))
    for step, choose in (("", None), (f"m-{meeting.pk}", {"rating": ["mixed"]}), ("done", None)):
        url = _step_url(step)
        name = f"parent feedback {step or 'start'}"
        checker.check_page(parent_holder, url, name=name, choose=choose)
    # A link with a PIN, before the PIN is given.
    pin_holder = logged_in(None)
    _link, token = link_issue(
        actor=caseworker, form_key=CHILD_FORM, subject_id=str(case.child_id), pin="4711"
    )
    pin_holder.get(reverse("involvement:open", args=[token]))
    checker.check_page(pin_holder, reverse("involvement:pin"), name="link PIN")
    # The link's own address with tokens no link has.
    checker.check_path(
        logged_in(None), reverse("involvement:open", args=["TOKEN"]), "TOKEN", name="link open"
    )
    return checker


def _context(users, municipality, provider_org) -> SampleContext:
    ctx = SampleContext(municipality=municipality, provider_org=provider_org, users=users)
    load_samples()["children:case_detail"](ctx)  # the case the link holders answer about
    return ctx


def _report(part: str, checkers: Sequence[HostileChecker], took: float, record) -> int:
    sent = sum(c.requests for c in checkers)
    problems = [p for c in checkers for p in c.problems]
    print(f"\nhostile input, {part}: {sent} requests in {took:.0f} s, {len(problems)} problems")
    record(hostile_summary.REQUESTS, sent)
    record(hostile_summary.PARTS, len(PARTS))
    assert not problems, "\n".join(problems)
    return sent


@pytest.mark.parametrize("part", PARTS)
def test_no_page_gives_a_server_error_or_saves_half_on_hostile_input(
    part, users, municipality, provider_org, record_property
):
    ctx = _context(users, municipality, provider_org)
    started = time.monotonic()
    if part == LINKS:
        checkers: Sequence[HostileChecker] = [walk_links(users, ctx, CORPUS, per_field=2)]
    else:
        checkers = walk_pages(part, users, ctx, CORPUS, SHORT_CORPUS, per_field=2)
    sent = _report(part, checkers, time.monotonic() - started, record_property)
    assert sent > 50  # the part reached its pages


def test_the_parts_cover_every_route():
    parts = {part_of(route) for route in iter_routes()}
    assert parts == set(PARTS)


@pytest.mark.hostile_full
@pytest.mark.parametrize("part", PARTS)
def test_a_larger_corpus_for_every_page(part, users, municipality, provider_org, record_property):
    ctx = _context(users, municipality, provider_org)
    corpus = CORPUS + EXTRA_CORPUS
    started = time.monotonic()
    # Three times the default's values per field, drawn from the larger corpus.
    if part == LINKS:
        checkers: Sequence[HostileChecker] = [walk_links(users, ctx, corpus, per_field=6)]
    else:
        checkers = walk_pages(part, users, ctx, corpus, SHORT_CORPUS, per_field=6)
    _report(part, checkers, time.monotonic() - started, record_property)


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
