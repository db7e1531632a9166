# SPDX-License-Identifier: MPL-2.0
"""The pages a child or parent opens through a secure link: questions, then "what we heard"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matchengine.vocab import AnimalWish, Setting, WishImportance, WishKind
from placematch.children import services_voice
from placematch.children.models import Case, CaseStatus, Child, RelatedPerson, Source
from placematch.children.selectors import parents_of
from placematch.core import postcodes
from placematch.core.codes import code_choices
from placematch.core.inputs import parse_id
from placematch.involvement.models import SecureLink
from placematch.involvement.services import link_mark_answered

# One question per screen, in the order a child conversation usually takes.
QUESTIONS: list[tuple[WishKind, Any, Any]] = [
    (WishKind.SCHOOL, gettext_lazy("What about school?"),
     gettext_lazy("Tell us more if you want.")),
    (WishKind.FRIENDS, gettext_lazy("Your friends"),
     gettext_lazy("Who are your friends? Tell us if you want.")),
    (WishKind.SIBLINGS, gettext_lazy("Brothers and sisters"),
     gettext_lazy("Do you want to see them a lot? Tell us if you want.")),
    (WishKind.ANIMALS, gettext_lazy("Animals"),
     gettext_lazy("Tell us more if you want.")),
    (WishKind.TOWN_OR_COUNTRY, gettext_lazy("Town or country"),
     gettext_lazy("Tell us more if you want.")),
    (WishKind.LIVE_NEAR, gettext_lazy("Near who?"),
     gettext_lazy("Who do you want to live close to?")),
    (WishKind.WORRIES, gettext_lazy("Is there something you fear?"),
     gettext_lazy("Is there something that makes you sad or scared when you think of a move?")),
    (WishKind.GOOD_AT, gettext_lazy("What are you good at?"),
     gettext_lazy("What do you like to do? What are you good at?")),
]  # fmt: skip


# A fear is not "important": the child says how much it worries her, kept as the importance.
IMPORTANCE_LEGEND = gettext_lazy("How much does it matter to you?")
WORRY_LEGEND = gettext_lazy("How much does it worry you?")
WORRY_CHOICES = (
    (WishImportance.LOW.value, gettext_lazy("A little")),
    (WishImportance.MEDIUM.value, gettext_lazy("Some")),
    (WishImportance.HIGH.value, gettext_lazy("A lot")),
)


@dataclass(frozen=True)
class Choice:
    """A question a child answers by a tap, and the wish field the answer is kept in."""

    field: str
    question: Any
    options: tuple[tuple[str, Any], ...]


# The details matching can check, asked in plain words (a wish typed on the phone is scored).
CHOICES: dict[WishKind, Choice] = {
    WishKind.SCHOOL: Choice("answer", gettext_lazy("Do you want to stay at your school?"), (
        ("yes", gettext_lazy("Yes, I want to stay")),
        ("no", gettext_lazy("No, I want a new school")))),
    WishKind.FRIENDS: Choice("answer", gettext_lazy("Do you want to live near your friends?"), (
        ("yes", gettext_lazy("Yes, near my friends")),
        ("no", gettext_lazy("No, that is not so big")))),
    WishKind.SIBLINGS: Choice("answer", gettext_lazy("Do you want to live with them?"), (
        ("yes", gettext_lazy("Yes, I want to live with them")),
        ("no", gettext_lazy("No")))),
    WishKind.ANIMALS: Choice("animals", gettext_lazy("Do you want to live with animals?"), (
        (AnimalWish.WANTS_ANIMALS.value, gettext_lazy("Yes, I want animals")),
        (AnimalWish.NO_ANIMALS.value, gettext_lazy("No animals")))),
    WishKind.TOWN_OR_COUNTRY: Choice("setting", gettext_lazy("Where do you want to live?"), (
        (Setting.TOWN.value, gettext_lazy("In a town")),
        (Setting.COUNTRY.value, gettext_lazy("Out in the country")))),
}  # fmt: skip
# Questions that also ask where (a town or postcode picked from a list), and their wording.
WHERE: dict[WishKind, Any] = {
    WishKind.FRIENDS: gettext_lazy("Where do your friends live? Write a town or a postcode."),
    WishKind.LIVE_NEAR: gettext_lazy("Where do they live? Write a town or a postcode."),
}
WHICH_ANIMALS = gettext_lazy("Which animals? For example a dog, a cat or a horse.")
WHICH_ANIMALS_MAX = 100
STEP_OF = {f"q-{kind.value}": index for index, (kind, _title, _hint) in enumerate(QUESTIONS)}
STEPS = ["", *STEP_OF, "heard", "done"]


def step_url(step: str) -> str:
    return reverse("involvement:form_step", args=[step]) if step else reverse("involvement:form")


def current_case(child: Child) -> Case | None:
    return child.cases.exclude(status=CaseStatus.ENDED).order_by("-created_at", "-pk").first()


def _subject(link: SecureLink) -> tuple[Child, Case]:
    child = Child.objects.filter(
        pk=int(link.subject_id), organisation_id=link.organisation_id
    ).first()
    case = current_case(child) if child else None
    if child is None or case is None:
        raise Http404
    return child, case


# Longest texts the link pages take; a longer one is refused with a message, never cut.
CHILD_TEXT_MAX = 2000
PARENT_TEXT_MAX = 4000


def too_long(limit: int) -> str:
    return _("Your text is too long. Write at most %(limit)s characters.") % {"limit": limit}


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=status)


# -- the child --------------------------------------------------------------------------


def child_wishes(request: HttpRequest, link: SecureLink, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    child, case = _subject(link)
    base = {"child": child, "steps_total": len(QUESTIONS), "first_question": step_url(STEPS[1])}
    if step == "":
        return _page(request, "children/link/child_start.html", base)
    if step == "done":
        return _page(request, "children/link/child_done.html", base)
    if step == "heard":
        return _child_heard(request, link, case, base)
    index = STEP_OF[step]
    kind, title, hint = QUESTIONS[index]
    next_step = STEPS[STEPS.index(step) + 1]
    choice = CHOICES.get(kind)
    worry = kind is WishKind.WORRIES
    posted = request.POST if request.method == "POST" else {}
    text = str(posted.get("text", "")).strip()
    importance = str(posted.get("importance", WishImportance.MEDIUM.value))
    picked = str(posted.get("choice", "")) if choice else ""
    where = str(posted.get("where", "")).strip() if kind in WHERE else ""
    which = str(posted.get("which", "")).strip() if kind is WishKind.ANIMALS else ""
    errors: list[str] = []
    if request.method == "POST":
        errors = _question_errors(choice, importance, text, picked, where, which)
        if not errors:
            _save_answer(request, case, kind, choice, importance, text, picked, where, which)
            return redirect(step_url(next_step))
    context = {
        **base, "title": title, "hint": hint, "number": index + 1, "kind": kind.value,
        "importance_choices": WORRY_CHOICES if worry else code_choices(WishImportance),
        "importance_legend": WORRY_LEGEND if worry else IMPORTANCE_LEGEND, "importance": importance,
        "text": text, "errors": errors, "skip_url": step_url(next_step),
        "back_url": step_url(STEPS[STEPS.index(step) - 1]), "choice": choice, "picked": picked,
        "where_label": WHERE.get(kind), "where": where,
        "which_label": WHICH_ANIMALS if kind is WishKind.ANIMALS else None, "which": which,
    }  # fmt: skip
    return _page(request, "children/link/child_question.html", context, 400 if errors else 200)


def _question_errors(
    choice: Choice | None, importance: str, text: str, picked: str, where: str, which: str
) -> list[str]:
    """What is wrong with one answer, in words a child reads; nothing is saved then."""
    if importance not in WishImportance._value2member_map_:
        return [_("Choose how important it is.")]
    if picked and (choice is None or picked not in {value for value, _label in choice.options}):
        return [_("Choose one of the answers.")]
    if len(text) > CHILD_TEXT_MAX:
        return [too_long(CHILD_TEXT_MAX)]
    if len(which) > WHICH_ANIMALS_MAX:
        return [too_long(WHICH_ANIMALS_MAX)]
    if where and postcodes.find(where) is None:
        return [_("We do not know that place. Pick one from the list.")]
    return []


def _save_answer(
    request: HttpRequest,
    case: Case,
    kind: WishKind,
    choice: Choice | None,
    importance: str,
    text: str,
    picked: str,
    where: str,
    which: str,
) -> None:
    """Save the answer as a wish with its details; an empty answer is a skip."""
    if not (text or picked or where or which):
        return
    found = postcodes.find(where) if where else None
    details = {"postcode": found.code if found is not None else ""}
    if choice is not None and picked:
        details[choice.field] = picked
    if which:
        details["which_animals"] = which
    if not text:
        # The child only tapped: the wish reads as the answer chosen, or the place named.
        labels = dict(choice.options) if choice is not None else {}
        parts = [str(labels[picked])] if picked else []
        parts += [postcodes.label(found)] if found is not None else []
        parts += [which] if which else []
        text = ". ".join(parts)
    services_voice.wish_add(
        actor=None, case=case, kind=kind, text=text, importance=WishImportance(importance),
        source=Source.LINK, request=request, **details,
    )  # fmt: skip


def _answer_words(wish: Any) -> str:
    """The child's tapped answers in the words of the question, unless the wish says them."""
    choice = CHOICES.get(WishKind(wish.kind)) if wish.kind in WishKind._value2member_map_ else None
    parts: list[str] = []
    if choice is not None and getattr(wish, choice.field):
        parts.append(str(dict(choice.options).get(getattr(wish, choice.field), "")))
    found = postcodes.lookup(wish.postcode) if wish.postcode else None
    if found is not None:
        parts.append(postcodes.label(found))
    if wish.which_animals:
        parts.append(wish.which_animals)
    words = ". ".join(p for p in parts if p)
    return "" if words == wish.text else words


def _child_heard(
    request: HttpRequest, link: SecureLink, case: Case, base: dict[str, Any]
) -> HttpResponse:
    wishes = list(case.wishes.all())
    errors: dict[int, str] = {}
    if request.method == "POST":
        answers: dict[int, tuple[bool, str]] = {}
        for wish in wishes:
            choice = request.POST.get(f"right-{wish.pk}", "")
            correction = request.POST.get(f"correction-{wish.pk}", "").strip()
            if choice == "yes":
                answers[wish.pk] = (True, "")
            elif choice == "no":
                if not correction:
                    errors[wish.pk] = _("Write what is right.")
                elif len(correction) > CHILD_TEXT_MAX:
                    errors[wish.pk] = too_long(CHILD_TEXT_MAX)
                answers[wish.pk] = (False, correction)
        if not errors:
            try:
                services_voice.wish_read_back(case=case, answers=answers, request=request)
            except ValidationError:
                pass
            else:
                link_mark_answered(link=link, request=request)
                return redirect(step_url("done"))
    posted = request.POST if request.method == "POST" else {}
    rows = [
        {
            "wish": w,
            "error": errors.get(w.pk, ""),
            "choice": posted.get(f"right-{w.pk}", ""),
            "correction": posted.get(f"correction-{w.pk}", ""),
            "details": _answer_words(w),
        }
        for w in wishes
    ]
    context = {**base, "rows": rows, "has_errors": bool(errors)}
    return _page(request, "children/link/child_heard.html", context, 400 if errors else 200)


# -- a parent ---------------------------------------------------------------------------

PARENT_STEPS = ("", "views", "heard", "done")


def _parent(link: SecureLink, child: Child) -> RelatedPerson:
    pk = parse_id(link.person_id)
    person = None if pk is None else parents_of(child).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def parent_views(request: HttpRequest, link: SecureLink, step: str) -> HttpResponse:
    """A parent's own views. Never shows the child's words or anything about the place."""
    if step not in PARENT_STEPS:
        raise Http404
    child, case = _subject(link)
    person = _parent(link, child)
    view = case.parent_views.filter(person=person).first()
    base = {"child_first_name": child.first_name, "person": person, "view": view}
    if step == "":
        return _page(request, "children/link/parent_start.html", base)
    if step == "done":
        return _page(request, "children/link/parent_done.html", base)
    if step == "views":
        return _parent_form(request, case, person, view, base)
    if view is None:
        return redirect(step_url("views"))
    error = ""
    if request.method == "POST":
        choice = request.POST.get("right", "")
        correction = request.POST.get("correction", "").strip()
        if choice not in ("yes", "no"):
            error = _("Choose whether it is right.")
        elif len(correction) > PARENT_TEXT_MAX:
            error = too_long(PARENT_TEXT_MAX)
        else:
            try:
                services_voice.parent_view_read_back(
                    view=view, right=choice == "yes", correction=correction, request=request
                )
            except ValidationError:
                error = _("Write what we should correct.")
            else:
                link_mark_answered(link=link, request=request)
                return redirect(step_url("done"))
    context = {**base, "error": error, "post": request.POST if request.method == "POST" else {}}
    return _page(request, "children/link/parent_heard.html", context, 400 if error else 200)


PARENT_FIELDS = (
    ("views", gettext_lazy("What do you think about the move?")),
    ("wishes", gettext_lazy("What do you wish for your child?")),
    ("worries", gettext_lazy("Is there something you are worried about?")),
    ("contact_wishes", gettext_lazy("How would you like to see your child after the move?")),
)


def _parent_form(
    request: HttpRequest,
    case: Case,
    person: RelatedPerson,
    view: Any,
    base: dict[str, Any],
) -> HttpResponse:
    error = ""
    values = {name: getattr(view, name, "") for name, _label in PARENT_FIELDS}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name, _label in PARENT_FIELDS}
        if any(len(value) > PARENT_TEXT_MAX for value in values.values()):
            error = too_long(PARENT_TEXT_MAX)
            fields = [(name, label, values.get(name, "")) for name, label in PARENT_FIELDS]
            context = {**base, "fields": fields, "error": error}
            return _page(request, "children/link/parent_form.html", context, 400)
        try:
            services_voice.parent_view_save(
                actor=None, case=case, person=person, source=Source.LINK, request=request,
                views=values["views"], wishes=values["wishes"], worries=values["worries"],
                contact_wishes=values["contact_wishes"],
            )  # fmt: skip
        except ValidationError:
            error = _("Write at least one answer before you go on.")
        else:
            return redirect(step_url("heard"))
    fields = [(name, label, values.get(name, "")) for name, label in PARENT_FIELDS]
    context = {**base, "fields": fields, "error": error}
    return _page(request, "children/link/parent_form.html", context, 400 if error else 200)
