# SPDX-License-Identifier: MPL-2.0
"""decisions: forms for the match meeting, the decision and its withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placematch.accounts.models import CASE_ROLES, User
from placematch.children.models import Case, RelatedPerson
from placematch.core import inputs
from placematch.core.concurrency import VersionedForm
from placematch.decisions.models import (
    ChecklistAnswerValue,
    ChecklistPoint,
    Decision,
    DecisionKind,
    HearingParty,
    MatchMeeting,
)
from placematch.decisions.rules import PARTY_AGE, default_appeal_guidance
from placematch.matching.models import MatchRun
from placematch.providers.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put each of a service's messages on its field (or on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class RunChoiceField(inputs.ModelChoiceField):
    def label_from_instance(self, obj: MatchRun) -> str:
        made = timezone.localtime(obj.created_at)
        return _("Match run of %(date)s") % {"date": made.strftime("%d-%m-%Y %H:%M")}


class UserChoiceField(inputs.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.get_role_display()})"


class MeetingForm(VersionedForm, forms.Form):
    """Who met, which run they looked at, the notes, and one answer per §52 point."""

    held_on = forms.DateField(label=_("Meeting date"), widget=DATE)
    run = RunChoiceField(
        label=_("Shortlist from the match run"),
        queryset=MatchRun.objects.none(),
        required=False,
        empty_label=_("No match run"),
    )
    participants = UserChoiceField(
        label=_("Participants from the municipality"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    externals = forms.CharField(
        label=_("Other participants"),
        help_text=_("One person a line: name, role. For example: Bente Prøvesen, psychologist."),
        required=False,
        widget=_text(3),
    )
    notes = forms.CharField(label=_("Notes from the meeting"), required=False, widget=_text(5))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        run_field = self.fields["run"]
        assert isinstance(run_field, forms.ModelChoiceField)
        run_field.queryset = MatchRun.objects.filter(case=case).order_by("-created_at")
        people = self.fields["participants"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = User.objects.filter(
            organisation_id=case.organisation_id, role__in=CASE_ROLES, is_active=True
        ).order_by("first_name", "last_name", "pk")
        for point in ChecklistPoint:
            self.fields[f"answer_{point.value}"] = forms.ChoiceField(
                label=point.label,
                choices=ChecklistAnswerValue.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{point.value}"] = forms.CharField(
                label=_("Reason"),
                help_text=_("Needed when the point is not met."),
                required=False,
                widget=_text(2),
            )

    def values_from(self, record: MatchMeeting) -> dict[str, Any]:
        return meeting_initial(record)

    def conflict_label(self, name: str) -> str:
        if name.startswith("reason_"):  # every point's reason has the same label
            point = self.fields[name.replace("reason_", "answer_", 1)].label
            return f"{point}: {str(self.fields[name].label).lower()}"
        return super().conflict_label(name)

    def checklist_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"answer_{p}"], self[f"reason_{p}"]) for p in ChecklistPoint.values]

    def clean_externals(self) -> list[tuple[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("externals") or "").splitlines():
            if not line.strip():
                continue
            name, sep, role = line.partition(",")
            if not sep or not name.strip() or not role.strip():
                raise ValidationError(
                    _("Write each person as name, role on a line of its own: “%(line)s”.")
                    % {"line": line.strip()[:80]}
                )
            rows.append((name.strip(), role.strip()))
        return rows


def meeting_initial(meeting: MatchMeeting) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "held_on": meeting.held_on,
        "run": meeting.run_id,
        "participants": list(meeting.participants.values_list("pk", flat=True)),
        "externals": "\n".join(f"{e.name}, {e.role}" for e in meeting.external_participants.all()),
        "notes": meeting.notes,
    }
    for answer in meeting.checklist.all():
        initial[f"answer_{answer.point}"] = answer.answer
        initial[f"reason_{answer.point}"] = answer.reason
    return initial


class PlaceChoiceField(inputs.ModelChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        return f"{obj.provider.name}: {obj.name}"


class MeetingChoiceField(inputs.ModelChoiceField):
    def label_from_instance(self, obj: MatchMeeting) -> str:
        return _("Match meeting of %(date)s") % {"date": obj.held_on.strftime("%d-%m-%Y")}


class DecisionForm(forms.Form):
    """The decision: place, kind, hearing of the parties, reasons, §98 and §52 stk. 5 details."""

    meeting = MeetingChoiceField(
        label=_("Match meeting"),
        queryset=MatchMeeting.objects.none(),
        required=False,
        empty_label=_("No meeting (only for a temporary, acute place)"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of decision"),
        choices=DecisionKind.choices,
        initial=DecisionKind.LASTING,
        widget=forms.RadioSelect,
    )
    place = PlaceChoiceField(
        label=_("Place"),
        queryset=Place.objects.none(),
        empty_label=_("Choose the place"),
        error_messages={"required": _("Choose the place the child is to live in.")},
        help_text=_("The places on the meeting's shortlist and the places asked in inquiries."),
    )
    start_on = forms.DateField(label=_("Reserve the place from"), widget=DATE)
    reasons = forms.CharField(
        label=_("Reasons for the decision"),
        error_messages={"required": _("Write the reasons for the decision (§ 52).")},
        widget=_text(6),
        help_text=_("Why this place best meets the child's needs (§ 52)."),
    )
    reasons_for_parents = forms.CharField(
        label=_("Reasons written for the parents"),
        widget=_text(4),
        error_messages={"required": _("Write the reasons for the parents.")},
        help_text=_(
            "The custody holders' letters use only this text, never the reasons above. Say why, "
            "and the facts it rests on, in plain words (forvaltningsloven § 22 and § 24)."
        ),
    )
    reasons_for_child = forms.CharField(
        label=_("Reasons written for the child"),
        required=False,
        widget=_text(3),
        help_text=_(
            "For the child's own letter when the child is 10 or older (Barnets Lov § 3). Write "
            "short sentences and say “du”."
        ),
    )
    reasons_for_other_than_top = forms.CharField(
        label=_("Why another place than the first-ranked"),
        required=False,
        widget=_text(3),
        help_text=_("Needed only when you choose another place than the match run's first."),
    )
    dissent = forms.CharField(
        label=_("Dissent"),
        required=False,
        widget=_text(2),
        help_text=_("Who disagreed with the decision, and why."),
    )
    appeal_guidance = forms.CharField(
        label=_("Appeal guidance"),
        widget=_text(5),
        error_messages={"required": _("Write the guidance on how to appeal the decision.")},
    )
    child_words_shared = forms.BooleanField(
        label=_("The child agreed that the parents may read the child's own words"),
        required=False,
    )
    location_municipality = forms.CharField(
        label=_("Municipality where the place lies"), required=False, max_length=200
    )
    location_informed_on = forms.DateField(
        label=_("Location municipality informed on"), required=False, widget=DATE
    )
    vacancy_override_reason = forms.CharField(
        label=_("Why you decide although the vacancy declaration has lapsed"),
        required=False,
        widget=_text(2),
        help_text=_("Needed only when the place's vacancy declaration is missing or has lapsed."),
    )
    # §98, shown for a change of placement only.
    custody_consent_on = forms.DateField(
        label=_("Custody holder's consent given on"), required=False, widget=DATE
    )
    child_consent_on = forms.DateField(
        label=_("The child's consent given on (from 12)"), required=False, widget=DATE
    )
    current_placement_statement = forms.CharField(
        label=_("Statement from the current placement"), required=False, widget=_text(3)
    )
    committee_decided_on = forms.DateField(
        label=_("The children-and-youth committee decided on (§ 98, stk. 4)"),
        required=False,
        widget=DATE,
    )

    def __init__(
        self,
        *args: Any,
        case: Case,
        places: QuerySet[Place],
        parties: list[tuple[str, str, RelatedPerson | None]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.parties = parties
        meeting_field = self.fields["meeting"]
        assert isinstance(meeting_field, forms.ModelChoiceField)
        # Only a meeting's newest version can carry a new decision.
        meeting_field.queryset = MatchMeeting.objects.filter(case=case, next_version__isnull=True)
        place_field = self.fields["place"]
        assert isinstance(place_field, forms.ModelChoiceField)
        place_field.queryset = places
        self.fields["start_on"].initial = max(
            case.intended_placement_date or timezone.localdate(), timezone.localdate()
        )
        self.fields["appeal_guidance"].initial = default_appeal_guidance()
        # The child gets an own letter as a party from 10 (§ 3); younger children get none.
        self.child_is_party = case.child.age_on(timezone.localdate()) >= PARTY_AGE
        if self.child_is_party:
            self.fields["reasons_for_child"].required = True
            self.fields["reasons_for_child"].error_messages["required"] = _(
                "Write the reasons for the child."
            )
        else:
            del self.fields["reasons_for_child"]
        for i, (party, name, _person) in enumerate(parties):
            role = HearingParty(party).label
            self.fields[f"hearing_{i}_sent_on"] = forms.DateField(
                label=_("%(name)s (%(role)s) heard on") % {"name": name, "role": role},
                required=False,
                widget=DATE,
            )
            self.fields[f"hearing_{i}_answered_on"] = forms.DateField(
                label=_("Answer from %(name)s received on") % {"name": name},
                required=False,
                widget=DATE,
            )
            self.fields[f"hearing_{i}_answer"] = forms.CharField(
                label=_("The answer from %(name)s") % {"name": name},
                required=False,
                widget=_text(2),
            )

    @property
    def is_change_of_placement(self) -> bool:
        return self.case.case_type == "change_of_placement"

    def hearing_rows(self) -> list[tuple[forms.BoundField, ...]]:
        return [
            (
                self[f"hearing_{i}_sent_on"],
                self[f"hearing_{i}_answered_on"],
                self[f"hearing_{i}_answer"],
            )
            for i in range(len(self.parties))
        ]


class WithdrawForm(VersionedForm, forms.Form):
    """Withdrawing a decision: carries the version of the decision the page showed."""

    reason = forms.CharField(
        label=_("Why is the decision withdrawn?"),
        widget=_text(3),
        error_messages={"required": _("Write why the decision is withdrawn.")},
    )

    def values_from(self, record: Decision) -> dict[str, Any]:
        return {"reason": record.withdraw_reason}
