# SPDX-License-Identifier: MPL-2.0
"""Non-disclosure (§ 105) on a case: who it covers, and the check of every parent-facing text.

The places a case is at (decided, reserved, held or asked) are known only to apps above
children, so they register ``protected_terms`` functions here, as they register case tabs.
Apps that hold texts written for the parents register ``parent_texts`` functions, so switching
§ 105 on lists every text that must be rewritten. A text that names a place is refused with
the words found; it is never masked (ADR 0011).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placematch.children.models import Case, NonDisclosure, RelatedPerson, Source
from placematch.core.disclosure import Identifiers, found

TermsSource = Callable[[Case], Identifiers]


@dataclass(frozen=True)
class ParentText:
    """A text the parents will read: where it is, who reads it, and how to rewrite it."""

    label: str
    text: str
    field: str
    url: str  # the caseworker's page where the text is written
    person_id: int | None = None  # None: every parent reads it


TextsSource = Callable[[Case], Iterable[ParentText]]

_terms: dict[str, TermsSource] = {}
_texts: dict[str, TextsSource] = {}


def register_terms(key: str, source: TermsSource) -> None:
    """Register (or replace) a function giving the identifiers of the places a case is at."""
    _terms[key] = source


def register_texts(key: str, source: TextsSource) -> None:
    """Register (or replace) a function listing a case's texts written for the parents."""
    _texts[key] = source


def protected_terms(case: Case) -> Identifiers:
    """The identifiers of every place the case has a decision, a reservation or an inquiry at."""
    result = Identifiers()
    for key in sorted(_terms):
        result = result | _terms[key](case)
    return result


# -- what is in force -------------------------------------------------------------------


def decisions_in_force(case: Case, on: date | None = None) -> QuerySet[NonDisclosure]:
    """The case's non-disclosure decisions in force on a day (today by default).

    A decision is in force from its date, until its expiry, until a provisional one lapses
    (§ 143: 7 days without the committee's approval) or until a later decision lifts it.
    """
    day = on or timezone.localdate()
    candidates = (
        case.non_disclosures.filter(lifts__isnull=True, decided_on__lte=day)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .exclude(lifted_by__decided_on__lte=day)
        .prefetch_related("persons")
    )
    ids = [d.pk for d in candidates if d.ends_on is None or d.ends_on >= day]
    return case.non_disclosures.filter(pk__in=ids).prefetch_related("persons")


def _flag_without_decisions(case: Case) -> bool:
    """A flag set before decisions were recorded: held towards both parents until one is."""
    return case.non_disclosure and not case.non_disclosures.exists()


def is_protected(case: Case, on: date | None = None) -> bool:
    """Is any non-disclosure decision in force on the case?"""
    return decisions_in_force(case, on).exists() or _flag_without_decisions(case)


def covers(case: Case, person: RelatedPerson, on: date | None = None) -> bool:
    """Is the placement not disclosed to this person? Everyone else keeps full information."""
    if any(d.covers(person) for d in decisions_in_force(case, on)):
        return True
    return person.is_parent and _flag_without_decisions(case)


# -- the check --------------------------------------------------------------------------


def revealing_words(case: Case, text: str) -> list[str]:
    """The words of the text that name one of the case's places, whatever § 105 says."""
    return found(text, protected_terms(case)) if text and text.strip() else []


def refusal(field: str, words: list[str]) -> ValidationError:
    quoted = ", ".join(f"“{w}”" for w in words)
    return ValidationError(
        {
            field: _(
                "The placement is not disclosed to the parents (§ 105), and this text names "
                "the place: %(words)s. Write it without the place's name, people, address, "
                "area or contact details."
            )
            % {"words": quoted}
        },
        code="reveals_place",
    )


def refuse_if_revealing(case: Case, text: str, field: str) -> None:
    """Raise a ``ValidationError`` on ``field`` when a text for the parents names the place.

    Only on a case under non-disclosure; call it before saving or rendering any text that
    parents read (their letters, the parents' reasons, a view recorded for them).
    """
    if is_protected(case):
        words = revealing_words(case, text)
        if words:
            raise refusal(field, words)


def problems(case: Case, text: str) -> list[str]:
    """The refusal messages for a text the parents will read; empty when it may be used."""
    try:
        refuse_if_revealing(case, text, "text")
    except ValidationError as error:
        return list(error.message_dict["text"])
    return []


def refuse_any_revealing(case: Case, texts: dict[str, str]) -> None:
    """``refuse_if_revealing`` for several fields at once: one error per field that names it."""
    if not is_protected(case):
        return
    errors: dict[str, list[ValidationError]] = {}
    for field, text in texts.items():
        words = revealing_words(case, text)
        if words:
            errors[field] = refusal(field, words).error_dict[field]
    if errors:
        raise ValidationError(errors)


# -- the case's own texts for the parents ------------------------------------------------

PARENT_VIEW_FIELDS = (
    ("views", gettext_lazy("Views on the placement")),
    ("wishes", gettext_lazy("Wishes")),
    ("worries", gettext_lazy("Worries")),
    ("contact_wishes", gettext_lazy("Wishes for contact with the child")),
)


def _parent_views(case: Case) -> Iterable[ParentText]:
    """The views a caseworker recorded for a parent, which the parent reads on their link.

    A parent's own words (written through the link) are not checked: refusing them would tell
    the parent that a guess was right.
    """
    from django.urls import reverse

    url = reverse("children:parents", args=[case.pk])
    for view in case.parent_views.filter(source=Source.CASEWORKER).select_related("person"):
        for name, label in PARENT_VIEW_FIELDS:
            text = getattr(view, name)
            if text:
                yield ParentText(
                    label=f"{view.person.name}: {label}", text=text, field=name, url=url,
                    person_id=view.person_id,
                )  # fmt: skip


register_texts("children.parent_views", _parent_views)


@dataclass(frozen=True)
class ToRewrite:
    text: ParentText
    words: list[str]


def texts_to_rewrite(case: Case, person: RelatedPerson | None = None) -> list[ToRewrite]:
    """Every parent-facing text of a case under non-disclosure that names a place.

    With ``person``, only the texts that person reads. Empty when nothing is in force.
    """
    if not is_protected(case):
        return []
    terms = protected_terms(case)
    if not terms:
        return []
    result = []
    for key in sorted(_texts):
        for text in _texts[key](case):
            if person is not None and text.person_id not in (None, person.pk):
                continue
            words = found(text.text, terms)
            if words:
                result.append(ToRewrite(text, words))
    return result


def link_paused(case: Case, person: RelatedPerson) -> bool:
    """A parent's secure links wait while a text that parent reads names the place.

    Only for a person the non-disclosure covers: a parent outside its scope keeps the page.
    """
    return covers(case, person) and bool(texts_to_rewrite(case, person))
