# SPDX-License-Identifier: MPL-2.0
"""decisions: forms for the match meeting, the decision and its withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matchengine.vocab import LegalBasis
from placematch.accounts.models import CASE_ROLES, User
from placematch.children.models import Case, RelatedPerson
from placematch.core import inputs
from placematch.core.codes import code_choices
from placematch.core.concurrency import VersionedForm
from placematch.decisions.models import (
    ChecklistAnswerValue,
    ChecklistPoint,
    Decision,
    DecisionKind,
    FosterAssessment,
    HearingOmission,
    HearingParty,
    MatchMeeting,
    SchoolChange,
)
from placematch.decisions.rules import PARTY_AGE, default_appeal_guidance
from placematch.matching.models import MatchRun
from placematch.providers.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _ByTheGates:
    """A field the law requires where ``decisions.gates`` says so; the form accepts it empty.

    It is marked required, so the page never calls it optional, and the gates give the
    message that names the paragraph when it is missing.
    """

    def validate(self, value: Any) -> None:
        if value in forms.Field.empty_values or value is False:
            return
        super().validate(value)  # type: ignore[misc]


class GatedText(_ByTheGates, forms.CharField):
    pass


class GatedDate(_ByTheGates, forms.DateField):
    pass


class GatedChoice(_ByTheGates, forms.ChoiceField):
    pass


class GatedCheck(_ByTheGates, forms.BooleanField):
    pass


class RunChoiceField(inputs.ModelChoiceField):
    def label_from_instance(self, obj: MatchRun) -> str:
        made = timezone.localtime(obj.created_at)
        return _("Match run of %(date)s") % {"date": made.strftime("%d-%m-%Y %H:%M")}


class UserChoiceField(inputs.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.get_role_display()})"


class MeetingForm(VersionedForm, inputs.Form):
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
    notes = forms.CharField(
        label=_("Notes from the meeting"),
        required=False,
        max_length=inputs.LONG_TEXT_MAX,
        widget=_text(5),
    )
    # § 52, stk. 2: asked of a lasting decision, so not called optional, as the checklist.
    foster_assessment = GatedChoice(
        label=_("Has it been assessed whether a foster family would be best for the child?"),
        choices=FosterAssessment.choices,
        widget=forms.RadioSelect,
    )
    foster_assessment_reasons = GatedText(
        label=_("Reasons for the assessment"),
        help_text=_(
            "Needed when another form than a foster family is concluded and the match run "
            "ranked a foster family."
        ),
        max_length=inputs.LONG_TEXT_MAX,
        widget=_text(3),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        run_field = self.fields["run"]
        assert isinstance(run_field, forms.ModelChoiceField)
        run_field.queryset = MatchRun.objects.filter(case=case).order_by("-created_at")
        people = self.fields["participants"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = User.objects.filter(
            organisation_id=case.organisation_id,
            role__in=CASE_ROLES,
            is_active=True,
            is_system=False,
        ).order_by("first_name", "last_name", "pk")
        for point in ChecklistPoint:
            # A lasting decision needs every answer (§ 52), so none is called optional; the
            # meeting may still be saved half-way and finished later.
            self.fields[f"answer_{point.value}"] = GatedChoice(
                label=point.label, choices=ChecklistAnswerValue.choices, widget=forms.RadioSelect
            )
            self.fields[f"reason_{point.value}"] = GatedText(
                label=_("Reason"), help_text=_("Needed when the point is not met."), widget=_text(2)
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
        "foster_assessment": meeting.foster_assessment,
        "foster_assessment_reasons": meeting.foster_assessment_reasons,
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


class GatedMeetingChoice(_ByTheGates, MeetingChoiceField):
    """Required for a lasting decision (the gates say so); a temporary one may have none."""


# The decision form's fields that go to decision_make under their own names, for the gates.
GATE_FIELDS = (
    "legal_basis",
    "purpose",
    "expected_duration",
    "investigation_exception",
    "conditions_accepted",
    "network_agreement_on",
    "follows_child_plan",
    "siblings_reason",
    "school_change",
    "school_change_reason",
    "schooling",
    "special_education_assessed_on",
    "conversation_omitted_reason",
    "provisional_implemented_on",
    "written_notice_on",
)


class DecisionForm(inputs.Form):
    """The decision: place, kind, hearing of the parties, reasons, §98 and §52 stk. 5 details."""

    conditional_fields = (
        "reasons_for_other_than_top",
        "vacancy_override_reason",
        "investigation_exception",
        "siblings_reason",
        "school_change_reason",
        "conversation_omitted_reason",
    )

    meeting = GatedMeetingChoice(
        label=_("Match meeting"),
        queryset=MatchMeeting.objects.none(),
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
        max_length=inputs.LONG_TEXT_MAX,
        error_messages={"required": _("Write the reasons for the decision (§ 52).")},
        widget=_text(6),
        help_text=_("Why this place best meets the child's needs (§ 52)."),
    )
    reasons_for_parents = forms.CharField(
        label=_("Reasons written for the parents"),
        max_length=inputs.LONG_TEXT_MAX,
        widget=_text(4),
        error_messages={"required": _("Write the reasons for the parents.")},
        help_text=_(
            "The custody holders' letters use only this text, never the reasons above. Say why, "
            "and the facts it rests on, in plain words (forvaltningsloven § 22 and § 24)."
        ),
    )
    reasons_for_child = GatedText(
        label=_("Reasons written for the child"),
        max_length=inputs.LONG_TEXT_MAX,
        widget=_text(3),
        help_text=_(
            "For the child's own letter when the child is 10 or older (Barnets Lov § 3). Write "
            "short sentences and say “du”."
        ),
    )
    reasons_for_other_than_top = GatedText(
        label=_("Why another place than the first-ranked"),
        max_length=inputs.LONG_TEXT_MAX,
        widget=_text(3),
        help_text=_("Needed only when you choose another place than the match run's first."),
    )
    dissent = forms.CharField(
        label=_("Dissent"),
        max_length=inputs.LONG_TEXT_MAX,
        required=False,
        widget=_text(2),
        help_text=_("Who disagreed with the decision, and why."),
    )
    appeal_guidance = forms.CharField(
        label=_("Appeal guidance"),
        max_length=inputs.LONG_TEXT_MAX,
        widget=_text(5),
        error_messages={"required": _("Write the guidance on how to appeal the decision.")},
    )
    child_words_shared = forms.BooleanField(
        label=_("The child agreed that the parents may read the child's own words"),
        required=False,
    )
    location_municipality = GatedText(
        label=_("Municipality where the place lies"),
        max_length=200,
        help_text=_("Barnets Lov § 52, stk. 5: that municipality is told before the move."),
    )
    location_informed_on = GatedDate(
        label=_("Location municipality informed on"),
        widget=DATE,
        help_text=_("On or before the day the child moves (§ 52, stk. 5)."),
    )
    vacancy_override_reason = GatedText(
        label=_("Why you decide although the vacancy declaration has lapsed"),
        widget=_text(2),
        help_text=_("Needed only when the place's vacancy declaration is missing or has lapsed."),
    )
    # The legal basis and the gates of a lasting decision (decisions.gates).
    legal_basis = GatedChoice(
        label=_("Legal basis"),
        choices=[("", _("Choose the legal basis")), *code_choices(LegalBasis)],
        help_text=_(
            "§ 46: with consent from every custody holder and the young person from 15. "
            "§ 47: without consent, decided by the children-and-youth committee. § 143: the "
            "committee chair's provisional decision."
        ),
    )
    purpose = GatedText(
        label=_("Purpose of the placement"),
        widget=_text(3),
        help_text=_("What the placement is to achieve for the child (§ 46). Consent covers this."),
    )
    expected_duration = GatedText(
        label=_("Expected duration"),
        max_length=200,
        help_text=_("For example: until the child turns 18, or about one year (§ 46)."),
    )
    investigation_exception = GatedText(
        label=_("Why the decision cannot wait for the child-welfare investigation"),
        widget=_text(2),
        help_text=_(
            "Needed only when the investigation (§ 20) is not finished: describe the acute "
            "situation."
        ),
    )
    conditions_accepted = GatedCheck(
        label=_("We have read and accept the conditions of the place's answer and approval"),
        help_text=_("Needed when the place said yes with conditions or its approval has some."),
    )
    network_agreement_on = GatedDate(
        label=_("The network foster family agreed on"),
        widget=DATE,
        help_text=_(
            "Only for a network foster family approved for this child: it is not sent an "
            "inquiry, so record the date it agreed to take the child."
        ),
    )
    follows_child_plan = GatedCheck(
        label=_("The choice of place follows the child's plan"),
        help_text=_("Barnets Lov § 52, stk. 1. The plan's date is recorded on the case."),
    )
    siblings_reason = GatedText(
        label=_("Why siblings will not live at the same place"),
        widget=_text(2),
        help_text=_(
            "Needed only when siblings are placed apart: siblings are placed together unless "
            "weighty reasons speak against it (§ 52, stk. 3)."
        ),
    )
    school_change = GatedChoice(
        label=_("School"),
        choices=SchoolChange.choices,
        widget=forms.RadioSelect,
        help_text=_("A change of school is avoided where possible (§ 52, stk. 2)."),
    )
    school_change_reason = GatedText(
        label=_("Why the child changes school"),
        widget=_text(2),
        help_text=_("Needed only when the child changes school."),
    )
    schooling = GatedText(
        label=_("The schooling decided"),
        widget=_text(2),
        help_text=_("Which school or education the child will attend (§ 52, stk. 4)."),
    )
    special_education_assessed_on = GatedDate(
        label=_("Special-education needs assessed on"),
        widget=DATE,
        help_text=_(
            "Needed before placing in a children's home in another municipality (§ 52, stk. 4)."
        ),
    )
    conversation_omitted_reason = GatedText(
        label=_(
            "Why there is no conversation with the child, and how the child's views were obtained"
        ),
        widget=_text(2),
        help_text=_(
            "Needed only when no conversation with the child is on file (§ 5, stk. 3). It may "
            "be left out only in the very special cases of § 5, stk. 4."
        ),
    )
    # §98, shown for a change of placement; the consent dates and the committee for §§ 46-47.
    custody_consent_on = GatedDate(
        label=_("The custody holders' consent to the change given on"),
        widget=DATE,
        help_text=_("§ 98, stk. 1. Not needed when the committee decided (§ 98, stk. 4)."),
    )
    child_consent_on = GatedDate(
        label=_("The child's own consent given on"),
        widget=DATE,
        help_text=_(
            "From 15 for a placement under § 46 or § 47, stk. 4; from 12 for a change of "
            "placement (§ 98, stk. 1)."
        ),
    )
    current_placement_statement = GatedText(
        label=_("Statement from the current placement"),
        widget=_text(3),
        help_text=_("Always needed for a change of placement (§ 98, stk. 2)."),
    )
    committee_decided_on = GatedDate(
        label=_("The children-and-youth committee decided on"),
        widget=DATE,
        help_text=_(
            "For § 47 and § 98, stk. 4, and the committee's approval of a provisional decision "
            "(§ 143). For § 47 the child's plan must exist before this date (§ 91, stk. 2)."
        ),
    )
    provisional_implemented_on = GatedDate(
        label=_("The provisional decision was carried out on"),
        widget=DATE,
        help_text=_(
            "§ 143: it lapses unless the committee approves it within 7 days of this date, "
            "weekends included."
        ),
    )
    written_notice_on = GatedDate(
        label=_("Written notice of the provisional decision sent on"),
        widget=DATE,
        help_text=_("Within 24 hours of carrying it out (§ 143)."),
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
        self.fields["legal_basis"].initial = case.legal_basis
        for i, (party, name, _person) in enumerate(parties):
            role = HearingParty(party).label
            self.fields[f"hearing_{i}_sent_on"] = GatedDate(
                label=_("%(name)s (%(role)s) heard on") % {"name": name, "role": role},
                widget=DATE,
                help_text=_("On or after the day the place was proposed, and before the decision."),
            )
            self.fields[f"hearing_{i}_omitted_ground"] = forms.ChoiceField(
                label=_("Or: the ground for leaving the hearing of %(name)s out") % {"name": name},
                choices=[("", _("The party is heard")), *HearingOmission.choices],
                required=False,
                help_text=_("Only the grounds forvaltningsloven § 19, stk. 2 names."),
            )
            self.fields[f"hearing_{i}_omitted_reason"] = GatedText(
                label=_("Why the hearing of %(name)s is left out") % {"name": name},
                widget=_text(2),
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
                self[f"hearing_{i}_omitted_ground"],
                self[f"hearing_{i}_omitted_reason"],
            )
            for i in range(len(self.parties))
        ]


class WithdrawForm(VersionedForm, inputs.Form):
    """Withdrawing a decision: carries the version of the decision the page showed."""

    reason = forms.CharField(
        label=_("Why is the decision withdrawn?"),
        widget=_text(3),
        error_messages={"required": _("Write why the decision is withdrawn.")},
    )

    def values_from(self, record: Decision) -> dict[str, Any]:
        return {"reason": record.withdraw_reason}


class HoldForm(inputs.Form):
    """The match meeting's hold on one place of its shortlist, with the hold's expiry date."""

    place = PlaceChoiceField(
        label=_("Place to hold"),
        queryset=Place.objects.none(),
        error_messages={"required": _("Choose a place from the meeting's shortlist.")},
    )
    expires_on = forms.DateField(
        label=_("The hold expires on"),
        widget=DATE,
        help_text=_(
            "The place is held up to the day before. At most 30 days; the decision on the held "
            "place turns the hold into the reservation."
        ),
        error_messages={"required": _("Write the date the hold expires.")},
    )

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, PlaceChoiceField)
        field.queryset = Place.objects.filter(pk__in=[p.pk for p in places]).select_related(
            "provider"
        )


class HoldReleaseForm(inputs.Form):
    """Giving the held place back before a decision (the match fell through)."""

    reason = forms.CharField(
        label=_("Why is the held place given back?"),
        widget=_text(2),
        error_messages={"required": _("Write why the held place is given back.")},
    )


class CommitteeApprovalForm(VersionedForm, inputs.Form):
    """The committee's approval of a provisional decision (§ 143), with the decision's version."""

    approved_on = forms.DateField(
        label=_("The children-and-youth committee approved the decision on"),
        widget=DATE,
        help_text=_("Within 7 days of carrying it out, weekends included (§ 143)."),
        error_messages={"required": _("Write the date the committee approved the decision.")},
    )

    def values_from(self, record: Decision) -> dict[str, Any]:
        return {"approved_on": record.committee_decided_on}
