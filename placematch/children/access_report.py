# SPDX-License-Identifier: MPL-2.0
"""The data subject's access report (GDPR art. 15) for a child or a person around the child.

What is recorded about the subject, and every entry of the access log on their data: who (the
user's role and organisation), when and what. The caseworker downloads it to review before
sending; nothing is sent from here.

The children app knows the child, the case and the people; apps above it add what they record
(decisions, preparation, follow-up) by registering a ``SectionSource`` here, as they register
case tabs. A report for a parent a non-disclosure decision (§ 105) covers is composed without
the place: the sources are told so and leave it out, and the log names no provider
organisation, only "the placement".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from placematch.accounts.models import Organisation, OrganisationKind, User
from placematch.audit.models import AccessLogEntry, Action
from placematch.audit.services import CHILD_SUBJECT
from placematch.children import disclosure
from placematch.children.models import Case, ParentView, RelatedPerson


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Subject:
    """Whom the report is about: the child (``person`` None) or one person around the child."""

    case: Case
    person: RelatedPerson | None = None
    # A parent covered by non-disclosure: no place, area or provider in the report.
    place_hidden: bool = False

    @property
    def name(self) -> str:
        return self.person.name if self.person is not None else self.case.child.name


@dataclass(frozen=True)
class Read:
    time: datetime.datetime
    who: str  # the user's role, not their name: the subject learns whose office read it
    organisation: str
    action: str
    what: str


@dataclass(frozen=True)
class Report:
    subject: Subject
    generated_at: datetime.datetime
    sections: tuple[Section, ...]
    reads: tuple[Read, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


SectionSource = Callable[[Subject], Iterable[Section]]
_sources: dict[str, SectionSource] = {}


def register(key: str, source: SectionSource) -> None:
    """Register (or replace) a function giving what an app records about a subject."""
    _sources[key] = source


def subject_for(case: Case, person: RelatedPerson | None = None) -> Subject:
    hidden = person is not None and disclosure.covers(case, person)
    return Subject(case=case, person=person, place_hidden=hidden)


def _day(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _own_sections(subject: Subject) -> list[Section]:
    case, child = subject.case, subject.case.child
    if subject.person is None:
        return [
            Section(
                _("The child"),
                (
                    Row(_("Name"), child.name),
                    Row(_("Birth date"), _day(child.birth_date)),
                    Row(_("Case number"), child.case_number),
                    Row(_("Postcode of the home address"), child.address_postcode or "–"),
                    Row(_("School or day care"), child.school_name or "–"),
                ),
            ),
            Section(
                _("The case"),
                (
                    Row(_("Municipality"), case.organisation.name),
                    Row(_("Type of case"), str(case.get_case_type_display())),
                    Row(_("Status"), str(case.get_status_display())),
                    Row(_("Opened"), _day(timezone.localdate(case.created_at))),
                ),
            ),
        ]
    person = subject.person
    rows = [
        Row(_("Name"), person.name),
        Row(_("Relation to the child"), person.relation),
        Row(_("Role in the case"), str(person.get_kind_display())),
        Row(_("Postcode"), person.postcode or "–"),
        Row(_("The child's case"), f"{child.name}, {child.case_number}"),
    ]
    sections = [Section(_("You"), tuple(rows))]
    for view in ParentView.objects.filter(case=case, person=person):
        sections.append(
            Section(
                _("Your views, as recorded"),
                (
                    Row(_("Views on the placement"), view.views or "–"),
                    Row(_("Wishes"), view.wishes or "–"),
                    Row(_("Worries"), view.worries or "–"),
                    Row(_("Wishes for contact with the child"), view.contact_wishes or "–"),
                    Row(_("Consent"), str(view.get_consent_display())),
                    Row(_("Date of consent"), _day(view.consent_date)),
                ),
            )
        )
    return sections


def _log_filter(subject: Subject) -> Q:
    """The access-log rows on the subject's data.

    The child's: every row with the child as subject. A person's data lives in the child's case,
    so a person's rows are those on the person's own records and on the case pages that show
    them (the case, the child's overview, the people and the parents' views).
    """
    child_id = str(subject.case.child_id)
    on_child = Q(subject_type=CHILD_SUBJECT, subject_id=child_id)
    if subject.person is None:
        return on_child
    person = subject.person
    views = [
        str(pk) for pk in ParentView.objects.filter(person=person).values_list("pk", flat=True)
    ]
    return on_child & (
        Q(object_type="children.relatedperson", object_id=str(person.pk))
        | Q(object_type="children.parentview", object_id__in=views)
        | Q(object_type="children.case", object_id=str(subject.case.pk))
        | Q(object_type="children.child", object_id=child_id)
    )


def _what(entry: AccessLogEntry) -> str:
    """The kind of record read, in words (the model's name), e.g. "sag" or "afgørelse"."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        return entry.object_type or "–"
    return str(model._meta.verbose_name).capitalize()


def reads_of(subject: Subject, until: datetime.datetime | None = None) -> list[Read]:
    """Every access-log entry on the subject's data, oldest first (failed logins excluded)."""
    entries = list(
        AccessLogEntry.objects.filter(_log_filter(subject))
        .exclude(action=Action.LOGIN_FAILED)
        .filter(time__lte=until or timezone.now())
        .order_by("time", "id")
    )
    organisations = {
        o.pk: o for o in Organisation.objects.filter(pk__in={e.organisation_id for e in entries})
    }
    users = {u.pk: u for u in User.objects.filter(pk__in={e.user_id for e in entries})}
    reads = []
    for entry in entries:
        org = organisations.get(entry.organisation_id or 0)
        if org is None:
            place_text = _("Through a secure link") if entry.user_id is None else "–"
        elif subject.place_hidden and org.kind == OrganisationKind.PROVIDER:
            place_text = _("The placement (not disclosed, § 105)")
        else:
            place_text = org.name
        user = users.get(entry.user_id or 0)
        role = str(user.get_role_display()) if user is not None and user.role else "–"
        reads.append(
            Read(
                time=timezone.localtime(entry.time),
                who=role,
                organisation=place_text,
                action=str(Action(entry.action).label) if entry.action in Action.values else "",
                what=_what(entry),
            )
        )
    return reads


def build(subject: Subject) -> Report:
    """The report as it stands now; the caseworker's own download is logged after it."""
    now = timezone.now()
    sections = _own_sections(subject)
    for key in sorted(_sources):
        sections.extend(_sources[key](subject))
    notes = []
    if subject.place_hidden:
        notes.append(
            _(
                "A decision on non-disclosure (§ 105 of Barnets Lov) covers you, so this report "
                "leaves out where the child lives."
            )
        )
    return Report(
        subject=subject,
        generated_at=now,
        sections=tuple(sections),
        reads=tuple(reads_of(subject, until=now)),
        notes=tuple(notes),
    )
