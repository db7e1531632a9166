# SPDX-License-Identifier: MPL-2.0
"""children: writes on the child's voice and the parents' views, by caseworkers and by link."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from matchengine.vocab import WishImportance, WishKind
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children import disclosure, rules
from placematch.children.models import (
    Case,
    Confirmation,
    ContactKind,
    Conversation,
    ParentView,
    RelatedPerson,
    Source,
    Wish,
)
from placematch.children.services import log_write
from placematch.core.concurrency import lock_current, refuse_stale

PARENT_TEXT_FIELDS = ("views", "wishes", "worries", "contact_wishes")


@transaction.atomic
def conversation_add(
    *,
    actor: User,
    case: Case,
    held_on: date,
    present: str,
    kind: str = ContactKind.CONVERSATION,
    bisidder: str = "",
    child_words: str = "",
    agreed: str = "",
    request: HttpRequest | None = None,
) -> Conversation:
    if held_on > timezone.localdate():
        raise ValidationError(
            _("The date is in the future. Write the day the conversation took place."),
            code="future",
        )
    conversation = Conversation.objects.create(
        organisation=case.organisation, case=case, kind=kind, held_on=held_on,
        present=present.strip(), bisidder=bisidder.strip(), child_words=child_words.strip(),
        agreed=agreed.strip(), created_by=actor,
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=conversation, child=case.child
    )
    return conversation


@transaction.atomic
def wish_add(
    *,
    actor: User | None,
    case: Case,
    kind: WishKind,
    text: str,
    importance: WishImportance = WishImportance.MEDIUM,
    source: Source = Source.CASEWORKER,
    postcode: str = "",
    setting: str = "",
    animals: str = "",
    answer: str = "",
    which_animals: str = "",
    request: HttpRequest | None = None,
) -> Wish:
    """Record a wish; ``actor`` is None when the child writes it through a secure link.

    ``postcode``, ``setting``, ``animals`` and ``answer`` are the details matching can check
    (see the form); ``which_animals`` is shown beside them.
    """
    if not text.strip():
        raise ValidationError(_("Write the wish."), code="required")
    wish = Wish.objects.create(
        organisation=case.organisation, case=case, kind=kind.value, text=text.strip(),
        importance=importance.value, source=source, postcode=postcode, setting=setting,
        animals=animals, answer=answer, which_animals=which_animals.strip(),
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=wish, child=case.child,
        detail={"via": source},
    )  # fmt: skip
    return wish


@transaction.atomic
def wish_update(
    *,
    actor: User,
    wish: Wish,
    kind: WishKind,
    text: str,
    importance: WishImportance,
    postcode: str = "",
    setting: str = "",
    animals: str = "",
    answer: str = "",
    which_animals: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Wish:
    """Correct a recorded wish; a stale ``expected_version`` raises ``StaleEditError``.

    New words need a new read-back, so a changed kind or text asks the child again.
    """
    if not text.strip():
        raise ValidationError(_("Write the wish."), code="required")
    current = lock_current(Wish, pk=wish.pk, expected_version=expected_version)
    values = {
        "kind": kind.value, "text": text.strip(), "importance": importance.value,
        "postcode": postcode, "setting": setting, "animals": animals, "answer": answer,
        "which_animals": which_animals.strip(),
    }  # fmt: skip
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    if changed:
        for name in changed:
            setattr(current, name, values[name])
        if {"kind", "text"} & set(changed):
            current.confirmation, current.correction = Confirmation.PENDING, ""
            current.confirmed_at = None
        current.save()
        log_write(
            request=request, actor=actor, action=Action.UPDATE, obj=current,
            child=current.case.child, detail={"fields": changed},
        )  # fmt: skip
    return current


@transaction.atomic
def wish_read_back(
    *,
    case: Case,
    answers: dict[int, tuple[bool, str]],
    request: HttpRequest | None = None,
) -> list[Wish]:
    """The child's "what we heard": per wish id, (is it right?, correction when not)."""
    wishes = list(case.wishes.filter(pk__in=answers))
    for wish in wishes:
        right, correction = answers[wish.pk]
        if not right and not correction.strip():
            raise ValidationError(_("Write what is right."), code="correction_missing")
    now = timezone.now()
    for wish in wishes:
        right, correction = answers[wish.pk]
        wish.confirmation = Confirmation.CONFIRMED if right else Confirmation.CORRECTED
        wish.correction = "" if right else correction.strip()
        wish.confirmed_at = now
        wish.save()
        log_write(
            request=request, actor=None, action=Action.UPDATE, obj=wish, child=case.child,
            detail={"via": Source.LINK, "confirmation": wish.confirmation},
        )  # fmt: skip
    return wishes


@transaction.atomic
def parent_view_save(
    *,
    actor: User | None,
    case: Case,
    person: RelatedPerson,
    views: str = "",
    wishes: str = "",
    worries: str = "",
    contact_wishes: str = "",
    consent: str | None = None,
    consent_date: date | None = None,
    consent_form: str = "",
    source: Source = Source.CASEWORKER,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> ParentView:
    """Record a parent's views; a parent writing through a link never sets the consent.

    ``expected_version`` is the version of the views the form was loaded with (0: none yet);
    when someone saved them since, ``StaleEditError`` is raised and nothing is written.
    """
    if person.child_id != case.child_id or not person.is_parent:
        raise ValidationError(_("The person is not a parent or custody holder of this child."))
    texts = {"views": views, "wishes": wishes, "worries": worries, "contact_wishes": contact_wishes}
    if not any(t.strip() for t in texts.values()) and consent is None:
        raise ValidationError(
            _("Write at least one thing: views, wishes, worries or contact."), code="required"
        )
    if consent is not None:
        rules.check_consent(consent, consent_date, consent_form)
    if source == Source.CASEWORKER:
        # What a caseworker records for a parent is shown to that parent on their link (§ 105).
        disclosure.refuse_any_revealing(case, texts)
    # The lock on the parent serialises the first save too, when there is no view row to lock.
    RelatedPerson.objects.select_for_update().filter(pk=person.pk).first()
    view = ParentView.objects.select_for_update().filter(case=case, person=person).first()
    refuse_stale(expected=expected_version, actual=view.version if view else 0, current=view)
    created = view is None
    if view is None:
        view = ParentView(case=case, person=person, organisation=case.organisation)
    for name, text in texts.items():
        setattr(view, name, text.strip())
    if consent is not None:
        view.consent, view.consent_date, view.consent_form = consent, consent_date, consent_form
    view.source = source
    # New words need a new read-back.
    view.confirmation, view.correction, view.confirmed_at = Confirmation.PENDING, "", None
    view.save()
    log_write(
        request=request, actor=actor, action=Action.CREATE if created else Action.UPDATE,
        obj=view, child=case.child, detail={"via": source},
    )  # fmt: skip
    return view


@transaction.atomic
def parent_view_read_back(
    *, view: ParentView, right: bool, correction: str = "", request: HttpRequest | None = None
) -> ParentView:
    if not right and not correction.strip():
        raise ValidationError(_("Write what we should correct."), code="correction_missing")
    view.confirmation = Confirmation.CONFIRMED if right else Confirmation.CORRECTED
    view.correction = "" if right else correction.strip()
    view.confirmed_at = timezone.now()
    view.save()
    log_write(
        request=request, actor=None, action=Action.UPDATE, obj=view, child=view.case.child,
        detail={"via": Source.LINK, "confirmation": view.confirmation},
    )  # fmt: skip
    return view
