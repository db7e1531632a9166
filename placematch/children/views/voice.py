# SPDX-License-Identifier: MPL-2.0
"""Conversations, wishes, parents' views and the people around the child, with htmx panels."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from matchengine.vocab import WishImportance, WishKind
from placematch.children import selectors, services, services_voice
from placematch.children.forms import (
    ConversationForm,
    ParentViewForm,
    PersonForm,
    SiblingForm,
    SiblingRemoveForm,
    WishEditForm,
    WishForm,
)
from placematch.children.models import ParentView, RelatedPerson
from placematch.children.views.common import (
    acting_user,
    case_context,
    case_route,
    load_case,
    render_panel,
)
from placematch.core.concurrency import StaleEditError
from placematch.core.idempotency import idempotent


def _saved(request: HttpRequest, name: str, pk: int) -> HttpResponse | None:
    """After a plain POST, go back to the page; htmx re-renders the panel instead."""
    return None if getattr(request, "htmx", False) else redirect(name, pk=pk)


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def conversations(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services_voice.conversation_add(
            actor=acting_user(request), case=case, request=request, **form.cleaned_data
        )
        form = ConversationForm()
        if (response := _saved(request, "children:conversations", case.pk)) is not None:
            return response
    context = {
        **case_context(case, "conversations", _("Conversations with the child")),
        "form": form,
        "entries": list(selectors.conversations_of(case)),
    }
    return render_panel(
        request, "children/conversations.html", "children/includes/conversations_panel.html",
        context, status=400 if form.errors else 200,
    )  # fmt: skip


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def wishes(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, details = form.cleaned_data, form.details()
        services_voice.wish_add(
            actor=acting_user(request), case=case, kind=WishKind(data["kind"]), text=data["text"],
            importance=WishImportance(data["importance"]), request=request,
            **details,
        )  # fmt: skip
        form = WishForm()
        if (response := _saved(request, "children:wishes", case.pk)) is not None:
            return response
    context = {
        **case_context(case, "wishes", _("The child's wishes")),
        "form": form,
        "wishes": list(selectors.wishes_of(case)),
        "editable": True,
    }
    return render_panel(
        request, "children/wishes.html", "children/includes/wishes_panel.html", context,
        status=400 if form.errors else 200,
    )  # fmt: skip


@case_route
@require_http_methods(["GET", "POST"])
def wish_edit(request: HttpRequest, pk: int, wish_pk: int) -> HttpResponse:
    """Correct one wish; a save over someone else's newer change is refused and named."""
    case = load_case(request, pk)
    wish = get_object_or_404(case.wishes.all(), pk=wish_pk)
    form = WishEditForm(request.POST or None, initial=WishEditForm.values_of(wish))
    if request.method != "POST":
        form.load(wish, version=wish.version)
    elif form.is_valid():
        data, details = form.cleaned_data, form.details()
        try:
            services_voice.wish_update(
                actor=acting_user(request), wish=wish, kind=WishKind(data["kind"]),
                text=data["text"], importance=WishImportance(data["importance"]),
                expected_version=form.expected_version(), request=request, **details,
            )  # fmt: skip
        except StaleEditError as stale:
            form.refuse(stale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The wish was saved."))
            return redirect("children:wishes", pk=case.pk)
    context = {**case_context(case, "wishes", _("Edit the wish")), "form": form, "wish": wish}
    status = 400 if form.errors else 200
    return render(request, "children/wish_edit.html", context, status=status)


def _parent_form(person: RelatedPerson, view: ParentView | None) -> ParentViewForm:
    """A parent's form loaded with the views as they are now (version 0: none yet)."""
    initial = ParentViewForm.values_of(view) if view is not None else {}
    form = ParentViewForm(prefix=f"p{person.pk}", initial=initial)
    form.load(view, version=view.version if view is not None else 0)
    return form


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def parents(request: HttpRequest, pk: int) -> HttpResponse:
    """The parents' and custody holders' views; one form per parent, saved by htmx."""
    case = load_case(request, pk)
    people = list(selectors.parents_of(case.child))
    views = selectors.parent_views_of(case)
    forms: dict[int, ParentViewForm] = {}
    status = 200
    for person in people:
        forms[person.pk] = _parent_form(person, views.get(person.pk))
    if request.method == "POST":
        person_id = request.POST.get("person", "")
        chosen = next((p for p in people if str(p.pk) == person_id), None)
        if chosen is None:
            raise Http404
        person = chosen
        form = ParentViewForm(request.POST, prefix=f"p{person.pk}")
        forms[person.pk] = form
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ParentViewForm.base_fields}
            try:
                views[person.pk] = services_voice.parent_view_save(
                    actor=acting_user(request), case=case, person=person, request=request,
                    expected_version=form.expected_version(), **data,
                )  # fmt: skip
            except StaleEditError as stale:
                form.refuse(stale)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if (response := _saved(request, "children:parents", case.pk)) is not None:
                    return response
                # The panel comes back with the views as saved and their new version.
                forms[person.pk] = _parent_form(person, views[person.pk])
        if form.errors:
            status = 400
    context = {
        **case_context(case, "parents", _("Parents' views")),
        "rows": [(p, views.get(p.pk), forms[p.pk]) for p in people],
    }
    return render_panel(
        request, "children/parents.html", "children/includes/parents_panel.html", context,
        status=status,
    )  # fmt: skip


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def people(request: HttpRequest, pk: int) -> HttpResponse:
    """Parents, network persons and siblings (with the placement sibling group)."""
    case = load_case(request, pk)
    user = acting_user(request)
    child = case.child
    candidates = selectors.sibling_candidates(user, child)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    person_form = PersonForm(request.POST if action == "person" else None, prefix="person")
    sibling_form = SiblingForm(
        request.POST if action == "sibling" else None, prefix="sibling", candidates=candidates
    )
    remove_form = SiblingRemoveForm(
        request.POST if action == "sibling_remove" else None,
        prefix="remove",
        siblings=selectors.siblings_of(child),
    )
    status = 200
    if action == "sibling_remove" and remove_form.is_valid():
        services.sibling_remove(
            actor=user, sibling=remove_form.cleaned_data["sibling"], request=request
        )
        if (response := _saved(request, "children:people", case.pk)) is not None:
            return response
        remove_form = SiblingRemoveForm(prefix="remove", siblings=selectors.siblings_of(child))
    elif action == "person" and person_form.is_valid():
        services.person_add(actor=user, child=child, request=request, **person_form.cleaned_data)
        if (response := _saved(request, "children:people", case.pk)) is not None:
            return response
        person_form = PersonForm(prefix="person")
    elif action == "sibling" and sibling_form.is_valid():
        try:
            services.sibling_add(
                actor=user, child=child, request=request, **sibling_form.cleaned_data
            )
        except ValidationError as error:
            sibling_form.add_error(None, error)
        else:
            if (response := _saved(request, "children:people", case.pk)) is not None:
                return response
            sibling_form = SiblingForm(prefix="sibling", candidates=candidates)
    if person_form.errors or sibling_form.errors or remove_form.errors:
        status = 400
    context = {
        **case_context(case, "people", _("People around the child")),
        "persons": list(child.persons.all()),
        "siblings": selectors.sibling_lines(child, timezone.localdate()),
        "remove_form": remove_form,
        "person_form": person_form,
        "sibling_form": sibling_form,
    }
    return render_panel(
        request, "children/people.html", "children/includes/people_panel.html", context,
        status=status,
    )  # fmt: skip
