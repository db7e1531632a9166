# SPDX-License-Identifier: MPL-2.0
"""The legal gates a decision passes before anything is saved, one function per gate.

Each gate looks at a ``Proposal`` (what the decision form sent, the case as it is, the day)
and returns ``{field: [messages]}``; empty means it passes. ``GATES`` runs them in order, so a
decision that fails shows every reason at once. ``docs/course.md`` ("Gates on a decision")
gives the legal source of each gate.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matchengine.vocab import CaseType, LegalBasis, PlaceType
from placematch.children.deadlines import child_plan_date
from placematch.children.models import (
    Case,
    ConsentState,
    ContactKind,
    Conversation,
    ParentView,
    PersonKind,
    RelatedPerson,
)
from placematch.children.selectors import sibling_lines
from placematch.decisions import rules
from placematch.decisions.models import (
    PROVISIONAL_DAYS,
    Decision,
    DecisionKind,
    DecisionStatus,
    HearingOmission,
    HearingParty,
    MatchMeeting,
    SchoolChange,
)
from placematch.matching.adapter import RunOptions
from placematch.matching.eligibility import place_refusals
from placematch.matching.foster import FOSTER_TYPES, run_foster_families
from placematch.matching.models import Inquiry, InquiryStatus
from placematch.matching.models.inquiries import POSITIVE_ANSWERS, Answer
from placematch.providers.models import Place
from placematch.providers.selectors import (
    VacancyState,
    current_approval,
    places_holding,
    vacancy_status,
)

Errors = dict[str, list[str]]

# § 46: the young person's own consent from 15 (also § 47, stk. 4).
YOUTH_CONSENT_AGE = 15
# Children's homes: § 52, stk. 4 asks for a special-education assessment before placing in one
# that lies in another municipality.
CHILDRENS_HOMES = frozenset(
    {
        PlaceType.RESIDENTIAL_INSTITUTION.value,
        PlaceType.SMALL_RESIDENTIAL_HOME.value,
        PlaceType.SECURE_UNIT.value,
        PlaceType.PARTLY_CLOSED_UNIT.value,
    }
)
CONSENT_BASES = frozenset({LegalBasis.S46_CONSENT.value, LegalBasis.S46_3_ACUTE.value})
COMMITTEE_BASES = frozenset(
    {LegalBasis.S47_WITHOUT_CONSENT.value, LegalBasis.S47_4_YOUTH_CONSENT.value}
)


@dataclass(frozen=True)
class HearingInput:
    """One party's hearing as the form sent it: heard (dates, answer) or left out (ground)."""

    party: str  # a HearingParty
    name: str
    person: RelatedPerson | None = None
    sent_on: datetime.date | None = None
    answered_on: datetime.date | None = None
    answer: str = ""
    omitted_ground: str = ""  # a HearingOmission
    omitted_reason: str = ""


@dataclass(frozen=True)
class Proposal:
    """Everything a decision rests on, before it is saved."""

    case: Case
    place: Place | None
    kind: str
    day: datetime.date  # the decision date
    start: datetime.date
    reasons: str = ""
    appeal_guidance: str = ""
    meeting: MatchMeeting | None = None
    reasons_for_other_than_top: str = ""
    top_place: Place | None = None
    vacancy_override_reason: str = ""
    hearings: Sequence[HearingInput] = ()
    legal_basis: str = ""
    purpose: str = ""
    expected_duration: str = ""
    investigation_exception: str = ""
    conditions_accepted: bool = False
    network_agreement_on: datetime.date | None = None
    custody_consent_on: datetime.date | None = None
    child_consent_on: datetime.date | None = None
    current_placement_statement: str = ""
    committee_decided_on: datetime.date | None = None
    provisional_implemented_on: datetime.date | None = None
    written_notice_on: datetime.date | None = None
    follows_child_plan: bool = False
    siblings_reason: str = ""
    school_change: str = ""
    school_change_reason: str = ""
    schooling: str = ""
    special_education_assessed_on: datetime.date | None = None
    location_municipality: str = ""
    location_informed_on: datetime.date | None = None
    conversation_omitted_reason: str = ""

    @property
    def lasting(self) -> bool:
        return self.kind == DecisionKind.LASTING

    @property
    def age(self) -> int:
        return self.case.child.age_on(self.day)

    @property
    def change_of_placement(self) -> bool:
        return self.case.case_type == CaseType.CHANGE_OF_PLACEMENT.value


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _blank(text: str) -> bool:
    return not text.strip()


# The decision itself ----------------------------------------------------------------------


def basics(p: Proposal) -> Errors:
    """A place, reasons (forvaltningsloven § 22, § 24), appeal guidance, an open case."""
    errors: Errors = {}
    if p.place is None:
        errors["place"] = [_("Choose the place the child is to live in.")]
    if _blank(p.reasons):
        errors["reasons"] = [_("Write the reasons for the decision (§ 52).")]
    if _blank(p.appeal_guidance):
        errors["appeal_guidance"] = [_("Write the guidance on how to appeal the decision.")]
    if p.start < p.day:
        errors["start_on"] = [_("The place cannot be reserved from a day in the past.")]
    if not p.case.is_open:
        errors["kind"] = [_("The case has ended, so nothing can be decided.")]
    return errors


def meeting_checklist(p: Proposal) -> Errors:
    """The match meeting answered every § 52 point; an unmet point has a reason."""
    if p.meeting is None:
        if p.lasting:
            return {"meeting": [_("Hold the match meeting with the § 52 checklist first.")]}
        return {}
    if p.meeting.case_id != p.case.pk:
        return {"meeting": [_("Choose a match meeting held for this case.")]}
    problems = rules.checklist_problems(list(p.meeting.checklist.all()))
    if not p.lasting:
        # An acute place may be decided before the meeting has answered every point.
        problems = [x for x in problems if x.code == "unmet_without_reason"]
    return {"meeting": [x.message for x in problems]} if problems else {}


def foster_family_s52(p: Proposal) -> Errors:
    """§ 52, stk. 2: the meeting assessed whether a foster family would be best for the child.

    The law sets no order of priority between the forms, so any conclusion passes; choosing
    another place than a foster family when the run ranked one needs the assessment's reasons.
    """
    meeting = p.meeting
    if not p.lasting or meeting is None or meeting.case_id != p.case.pk:
        return {}  # meeting_checklist asks for the meeting
    if not meeting.foster_assessment:
        message = _(
            "Record at the match meeting whether a foster family would be best for the child "
            "(§ 52, stk. 2)."
        )
        return {"meeting": [message]}
    if (
        p.place is not None
        and p.place.place_type not in FOSTER_TYPES
        and _blank(meeting.foster_assessment_reasons)
        and run_foster_families(meeting.run)
    ):
        message = _(
            "The place is not a foster family, and the match run ranked a foster family that "
            "can take the child. Write the reasons of the assessment at the match meeting "
            "(§ 52, stk. 2)."
        )
        return {"meeting": [message]}
    return {}


def one_in_force(p: Proposal) -> Errors:
    """One lasting (or one temporary) decision in force per case."""
    in_force = set(
        Decision.objects.filter(case=p.case, status=DecisionStatus.DECIDED).values_list(
            "kind", flat=True
        )
    )
    if p.kind in in_force and p.lasting:
        message = _(
            "The case already has a lasting decision in force. Withdraw it before deciding again."
        )
    elif p.kind in in_force:
        message = _("The case already has a temporary place. Decide the lasting place instead.")
    elif not p.lasting and DecisionKind.LASTING in in_force:
        message = _("The case already has a lasting decision, so no temporary place is needed.")
    else:
        return {}
    return {"kind": [message]}


def other_than_top(p: Proposal) -> Errors:
    """Choosing another place than the run's first needs reasons, kept for later analysis."""
    top = p.top_place
    if p.place is None or top is None or top.pk == p.place.pk:
        return {}
    if not _blank(p.reasons_for_other_than_top):
        return {}
    return {
        "reasons_for_other_than_top": [
            _(
                "You chose another place than the one ranked first (%(top)s). Write why; "
                "the reasons are kept for later analysis."
            )
            % {"top": top.name}
        ]
    }


def vacancy(p: Proposal) -> Errors:
    """The place's vacancy is declared and fresh, or the caseworker says why anyway."""
    if p.place is None or p.place.is_network:  # a network family has no vacancy to declare
        return {}
    state = vacancy_status(p.place, p.start)
    if state.is_fresh or not _blank(p.vacancy_override_reason):
        return {}
    if state.state is VacancyState.STALE and state.declaration is not None:
        message = _(
            "The place's vacancy declaration lapsed on %(date)s. Check with the place, then "
            "write why you decide anyway, or choose another place."
        ) % {"date": _d(state.declaration.expires_on)}
    else:
        message = _(
            "The place has not declared its vacancy. Check with the place, then write why you "
            "decide anyway, or choose another place."
        )
    return {"vacancy_override_reason": [message]}


# The place --------------------------------------------------------------------------------


def place_approved(p: Proposal) -> Errors:
    """The place is approved for this child on the decision date (target groups, ages, room)."""
    if p.place is None:
        return {}
    run = p.meeting.run if p.meeting is not None else None
    options = RunOptions.from_json(run.options) if run is not None else None
    refusals = place_refusals(p.case, p.place, p.day, options)
    if not refusals:
        return {}
    return {
        "place": [
            _(
                "%(place)s cannot take this child on %(date)s under its approval and the "
                "ledger: %(why)s"
            )
            % {"place": p.place.name, "date": _d(p.day), "why": " ".join(refusals)}
        ]
    }


def _conditions(place: Place, inquiry: Inquiry | None, day: datetime.date) -> list[str]:
    """The conditions of the place's yes and of its approval (vilkår), as the page shows them."""
    found = []
    if inquiry is not None and (
        inquiry.answer == Answer.YES_WITH_SUPPORT or not _blank(inquiry.support_needed)
    ):
        found.append(inquiry.support_needed.strip() or _("the support the place asked for"))
    approval = current_approval(place, day)
    if approval is not None and not _blank(approval.conditions):
        found.append(approval.conditions.strip())
    return found


def _yes_of(case: Case, place: Place) -> Inquiry | None:
    return (
        Inquiry.objects.filter(
            case=case, place=place, status=InquiryStatus.ANSWERED, answer__in=POSITIVE_ANSWERS
        )
        .order_by("-sent_at")
        .first()
    )


def place_conditions(
    case: Case, places: Iterable[Place], day: datetime.date
) -> list[tuple[Place, list[str]]]:
    """For the decision form: each choosable place with the conditions it would come with."""
    rows = []
    for place in places:
        conditions = _conditions(place, None if place.is_network else _yes_of(case, place), day)
        if conditions:
            rows.append((place, conditions))
    return rows


def conversation_on_file(case: Case, day: datetime.date) -> bool:
    return Conversation.objects.filter(
        case=case, kind=ContactKind.CONVERSATION, held_on__lte=day
    ).exists()


def place_said_yes(p: Proposal) -> Errors:
    """The place answered yes to an inquiry and its conditions are accepted; a network foster
    family approved for this child has its agreement recorded instead."""
    if p.place is None or not p.lasting:
        return {}
    if p.place.is_network:
        if p.network_agreement_on is None or p.network_agreement_on > p.day:
            return {
                "network_agreement_on": [
                    _(
                        "Write the date the network foster family agreed to take the child. "
                        "A network family is not asked through an inquiry."
                    )
                ]
            }
        return _accepted(p, None)
    inquiries = Inquiry.objects.filter(case=p.case, place=p.place).order_by("-sent_at")
    yes = _yes_of(p.case, p.place)
    if yes is None:
        no = inquiries.filter(answer__in=[Answer.NO, Answer.MAYBE]).first()
        if no is not None and no.answered_at is not None:
            message = _(
                "%(place)s answered “%(answer)s” to the inquiry on %(date)s. A lasting decision "
                "needs a place that answered yes."
            ) % {
                "place": p.place.name,
                "answer": no.get_answer_display(),
                "date": _d(timezone.localtime(no.answered_at).date()),
            }
        else:
            message = _(
                "%(place)s has not answered yes to an inquiry about this child. Send an inquiry "
                "and wait for the answer before deciding."
            ) % {"place": p.place.name}
        return {"place": [message]}
    return _accepted(p, yes)


def _accepted(p: Proposal, inquiry: Inquiry | None) -> Errors:
    assert p.place is not None
    conditions = _conditions(p.place, inquiry, p.day)
    if not conditions or p.conditions_accepted:
        return {}
    return {
        "conditions_accepted": [
            _("Read and accept the conditions before deciding: %(conditions)s")
            % {"conditions": " · ".join(conditions)}
        ]
    }


# The case ---------------------------------------------------------------------------------


def investigation(p: Proposal) -> Errors:
    """The child-welfare investigation (§ 20) is finished, or the acute exception is recorded."""
    if not p.lasting:
        return {}
    done = p.case.investigation_completed
    if (done is not None and done <= p.day) or not _blank(p.investigation_exception):
        return {}
    return {
        "investigation_exception": [
            _(
                "The child-welfare investigation (§ 20) is not finished. Record the date it was "
                "finished on the case, or write why the decision cannot wait (acute situation)."
            )
        ]
    }


def purpose(p: Proposal) -> Errors:
    """The decision states the placement's purpose and its expected duration (§ 46)."""
    if not p.lasting:
        return {}
    errors: Errors = {}
    if _blank(p.purpose):
        errors["purpose"] = [_("Write the purpose of the placement (§ 46).")]
    if _blank(p.expected_duration):
        errors["expected_duration"] = [_("Write how long the placement is expected to last.")]
    return errors


def legal_basis(p: Proposal) -> Errors:
    """A lasting decision names its legal basis."""
    if not p.lasting or p.change_of_placement or p.legal_basis:
        return {}
    return {"legal_basis": [_("Choose the legal basis of the placement.")]}


def _custody_holders(case: Case) -> list[RelatedPerson]:
    return list(case.child.persons.filter(kind=PersonKind.CUSTODY_HOLDER).order_by("name", "pk"))


def consent_s46(p: Proposal) -> Errors:
    """§ 46: consent from every custody holder, and from the young person from 15."""
    if not p.lasting or p.change_of_placement or p.legal_basis not in CONSENT_BASES:
        return {}
    holders = _custody_holders(p.case)
    if not holders:
        return {
            "legal_basis": [
                _(
                    "No custody holder is recorded on the case. Add them under People and "
                    "siblings: a placement under § 46 needs their consent."
                )
            ]
        }
    views = {v.person_id: v for v in ParentView.objects.filter(case=p.case, person__in=holders)}
    missing = []
    for holder in holders:
        view = views.get(holder.pk)
        given = (
            view is not None
            and view.consent == ConsentState.GIVEN
            and (view.consent_date is None or view.consent_date <= p.day)
        )
        if not given:
            state = view.get_consent_display() if view is not None else ConsentState.NOT_ASKED.label
            missing.append(f"{holder.name} ({str(state).lower()})")
    errors: Errors = {}
    if missing:
        errors["legal_basis"] = [
            _(
                "A placement under § 46 needs consent from every custody holder. Missing: "
                "%(who)s. Without consent, the children-and-youth committee decides (§ 47)."
            )
            % {"who": ", ".join(missing)}
        ]
    if p.age >= YOUTH_CONSENT_AGE and (p.child_consent_on is None or p.child_consent_on > p.day):
        errors["child_consent_on"] = [
            _(
                "The young person is %(age)s. A placement under § 46 needs the young person's "
                "own consent from 15: write the date it was given."
            )
            % {"age": p.age}
        ]
    return errors


def committee_s47(p: Proposal) -> Errors:
    """§ 47: the children-and-youth committee decided, with its date; § 47, stk. 4 also needs
    the young person's consent."""
    if not p.lasting or p.change_of_placement or p.legal_basis not in COMMITTEE_BASES:
        return {}
    errors: Errors = {}
    if p.committee_decided_on is None or p.committee_decided_on > p.day:
        errors["committee_decided_on"] = [
            _(
                "A placement without consent (§ 47) is decided by the children-and-youth "
                "committee. Write the date of the committee's decision."
            )
        ]
    youth = p.legal_basis == LegalBasis.S47_4_YOUTH_CONSENT.value
    if youth and (
        p.age < YOUTH_CONSENT_AGE or p.child_consent_on is None or p.child_consent_on > p.day
    ):
        errors["child_consent_on"] = [
            _(
                "§ 47, stk. 4 is for a young person of 15 or more who consents. Write the date "
                "of the young person's consent, or choose another legal basis."
            )
        ]
    return errors


def plan_before_committee(p: Proposal) -> Errors:
    """§ 91, stk. 2: for a § 47 placement the child's plan exists before the committee decides."""
    if not p.lasting or p.change_of_placement or p.legal_basis not in COMMITTEE_BASES:
        return {}
    plan, committee = child_plan_date(p.case), p.committee_decided_on
    if committee is None or (plan is not None and plan <= committee):
        return {}
    if plan is None:
        message = _(
            "The case records no child's plan. For a placement without consent the plan must "
            "exist before the committee decides (§ 91, stk. 2)."
        )
    else:
        message = _(
            "The child's plan is dated %(plan)s, after the committee's decision on %(committee)s. "
            "The plan must exist before the committee decides (§ 91, stk. 2)."
        ) % {"plan": _d(plan), "committee": _d(committee)}
    return {"committee_decided_on": [message]}


def change_of_placement_s98(p: Proposal) -> Errors:
    """§ 98: the current place's statement always (stk. 2); the consents of the custody holders
    and the child from 12 (stk. 1), or the committee's decision (stk. 4)."""
    if not p.change_of_placement:
        return {}
    errors: Errors = {}
    if _blank(p.current_placement_statement):
        errors["current_placement_statement"] = [
            _(
                "A change of placement needs the current place's statement (§ 98, stk. 2), "
                "also when the committee decides."
            )
        ]
    if p.committee_decided_on is not None and p.committee_decided_on <= p.day:
        return errors
    if p.custody_consent_on is None or p.custody_consent_on > p.day:
        errors["custody_consent_on"] = [
            _(
                "A change of placement (§ 98, stk. 1) needs the custody holders' consent. "
                "Without consent, write the date the children-and-youth committee decided "
                "(§ 98, stk. 4)."
            )
        ]
    if p.age >= rules.CHANGE_CONSENT_AGE and (
        p.child_consent_on is None or p.child_consent_on > p.day
    ):
        errors["child_consent_on"] = [
            _(
                "The child is %(age)s: a change of placement needs the child's consent from 12 "
                "(§ 98, stk. 1), or the committee's decision (§ 98, stk. 4)."
            )
            % {"age": p.age}
        ]
    return errors


def provisional_s143(p: Proposal) -> Errors:
    """§ 143: the chair's provisional decision records its implementation date, written notice
    within 24 hours, and lapses unless the committee approves it within 7 days."""
    if p.legal_basis != LegalBasis.S143_PROVISIONAL.value:
        return {}
    implemented = p.provisional_implemented_on
    if implemented is None or implemented > p.day:
        return {
            "provisional_implemented_on": [
                _("Write the date the provisional decision (§ 143) was carried out.")
            ]
        }
    errors: Errors = {}
    deadline = implemented + datetime.timedelta(days=PROVISIONAL_DAYS)
    committee = p.committee_decided_on
    if (committee is None and p.day > deadline) or (committee is not None and committee > deadline):
        errors["provisional_implemented_on"] = [
            _(
                "The provisional decision has lapsed: the children-and-youth committee did not "
                "approve it by %(deadline)s, 7 days after it was carried out (§ 143). Nothing "
                "was saved."
            )
            % {"deadline": _d(deadline)}
        ]
    notice = p.written_notice_on
    if notice is None or notice < implemented or notice > implemented + datetime.timedelta(days=1):
        errors["written_notice_on"] = [
            _(
                "Written notice of the provisional decision goes out within 24 hours. Write "
                "the date it was sent: the day it was carried out or the day after."
            )
        ]
    return errors


# § 52 -------------------------------------------------------------------------------------


def follows_plan_s52(p: Proposal) -> Errors:
    """§ 52, stk. 1: the choice of place follows the child's plan."""
    if not p.lasting:
        return {}
    plan = child_plan_date(p.case)
    if plan is None or plan > p.day:
        return {
            "follows_child_plan": [
                _(
                    "The case records no child's plan. The choice of place follows the plan "
                    "(§ 52, stk. 1): record the plan's date on the case first."
                )
            ]
        }
    if not p.follows_child_plan:
        return {
            "follows_child_plan": [
                _("Confirm that the choice of place follows the child's plan (§ 52, stk. 1).")
            ]
        }
    return {}


def siblings_s52(p: Proposal) -> Errors:
    """§ 52, stk. 3: siblings go to the same place, or the reasons are recorded."""
    if not p.lasting or p.place is None or not _blank(p.siblings_reason):
        return {}
    apart = []
    for line in sibling_lines(p.case.child, p.day):
        sibling = line.sibling
        if not sibling.placed_together:
            # Only a sibling under 18 who is placed, or to be, is placed apart (an adult is not).
            if line.apart and _blank(sibling.split_reason):
                apart.append(sibling.display_name)
            continue
        if sibling.sibling_child is not None:
            held = places_holding([sibling.sibling_child.ref], p.day)
            if held and p.place.pk not in held:
                apart.append(sibling.display_name)
    if not apart:
        return {}
    return {
        "siblings_reason": [
            _(
                "Siblings are placed together unless weighty reasons speak against it (§ 52, "
                "stk. 3). Write why %(names)s will not live at the same place."
            )
            % {"names": ", ".join(apart)}
        ]
    }


def _other_municipality(p: Proposal) -> bool:
    where = p.location_municipality.strip().casefold()
    return bool(where) and where != p.case.organisation.name.strip().casefold()


def school_s52(p: Proposal) -> Errors:
    """§ 52, stk. 2 and 4: a change of school is avoided or justified, the schooling decided,
    and special-education needs assessed before a children's home in another municipality."""
    if not p.lasting:
        return {}
    errors: Errors = {}
    if p.school_change not in SchoolChange.values:
        errors["school_change"] = [
            _("Say whether the child keeps its school or changes school (§ 52, stk. 2).")
        ]
    elif p.school_change == SchoolChange.JUSTIFIED and _blank(p.school_change_reason):
        errors["school_change_reason"] = [
            _("Write why the child has to change school (§ 52, stk. 2).")
        ]
    if _blank(p.schooling):
        errors["schooling"] = [_("Write how the child's schooling is decided (§ 52, stk. 4).")]
    needs_assessment = (
        p.place is not None and p.place.place_type in CHILDRENS_HOMES and _other_municipality(p)
    )
    assessed = p.special_education_assessed_on
    if needs_assessment and (assessed is None or assessed > p.day):
        errors["special_education_assessed_on"] = [
            _(
                "The place is a children's home in another municipality: the child's "
                "special-education needs are assessed first (§ 52, stk. 4). Write the date."
            )
        ]
    return errors


def location_s52(p: Proposal) -> Errors:
    """§ 52, stk. 5: the municipality where the place lies is informed before the move."""
    if not p.lasting:
        return {}
    errors: Errors = {}
    if _blank(p.location_municipality):
        errors["location_municipality"] = [
            _("Write the municipality where the place lies (§ 52, stk. 5).")
        ]
    informed = p.location_informed_on
    if informed is None or informed > p.start:
        errors["location_informed_on"] = [
            _(
                "The municipality where the place lies is informed before the move (§ 52, "
                "stk. 5). Write the date, on or before %(start)s."
            )
            % {"start": _d(p.start)}
        ]
    return errors


# The child's voice and the hearing of the parties ----------------------------------------


def conversation_s5(p: Proposal) -> Errors:
    """§ 5, stk. 3: a conversation with the child before the decision; under § 5, stk. 4 the
    record says how the child's views were obtained another way."""
    if not p.lasting or not _blank(p.conversation_omitted_reason):
        return {}
    if conversation_on_file(p.case, p.day):
        return {}
    return {
        "conversation_omitted_reason": [
            _(
                "No conversation with the child is on file (§ 5, stk. 3). Record the "
                "conversation under The child's voice, or write why it is left out and how "
                "the child's views were obtained another way (§ 5, stk. 4)."
            )
        ]
    }


def _proposal_date(p: Proposal) -> datetime.date | None:
    """When the chosen place was first proposed: its first inquiry, else the match meeting."""
    if p.place is not None:
        first = Inquiry.objects.filter(case=p.case, place=p.place).order_by("sent_at").first()
        if first is not None:
            return timezone.localtime(first.sent_at).date()
    return p.meeting.held_on if p.meeting is not None else None


def parties_of(case: Case, day: datetime.date) -> list[tuple[str, str, RelatedPerson | None]]:
    """Who is heard: every custody holder, and the child from 10 (§ 3)."""
    parties: list[tuple[str, str, RelatedPerson | None]] = [
        (HearingParty.CUSTODY_HOLDER.value, h.name, h) for h in _custody_holders(case)
    ]
    if case.child.age_on(day) >= rules.PARTY_AGE:
        parties.append((HearingParty.CHILD.value, case.child.name, None))
    return parties


def _matching(
    hearings: Sequence[HearingInput], party: str, person: RelatedPerson | None
) -> HearingInput | None:
    for hearing in hearings:
        if hearing.party != party:
            continue
        if person is None or (hearing.person is not None and hearing.person.pk == person.pk):
            return hearing
    return None


def hearings(p: Proposal) -> Errors:
    """Every party is heard after the proposal and before the decision (and, in committee
    cases, before the committee, § 142, stk. 2), or left out on a ground of fvl. § 19, stk. 2."""
    errors: Errors = {}
    proposed = _proposal_date(p)
    committee = p.committee_decided_on
    for i, (party, name, person) in enumerate(parties_of(p.case, p.day)):
        hearing = _matching(p.hearings, party, person)
        sent = f"hearing_{i}_sent_on"
        if hearing is None or (hearing.sent_on is None and not hearing.omitted_ground):
            errors[sent] = [
                _(
                    "Write the date %(name)s was heard, or choose the ground in forvaltningsloven "
                    "§ 19, stk. 2 for leaving the hearing out and write why."
                )
                % {"name": name}
            ]
            continue
        if hearing.sent_on is None:
            if hearing.omitted_ground not in HearingOmission.values or _blank(
                hearing.omitted_reason
            ):
                errors[f"hearing_{i}_omitted_reason"] = [
                    _("Write why the hearing of %(name)s is left out.") % {"name": name}
                ]
            continue
        if hearing.sent_on > p.day:
            errors[sent] = [
                _(
                    "%(name)s is heard before the decision, not after it. A later hearing does "
                    "not make up for a missing one."
                )
                % {"name": name}
            ]
        elif proposed is not None and hearing.sent_on < proposed:
            errors[sent] = [
                _(
                    "%(name)s was heard on %(heard)s, before the place was proposed on "
                    "%(proposed)s. Hear the party on the proposal."
                )
                % {"name": name, "heard": _d(hearing.sent_on), "proposed": _d(proposed)}
            ]
        elif committee is not None and hearing.sent_on > committee:
            errors[sent] = [
                _(
                    "%(name)s was heard after the committee decided. In committee cases the "
                    "parties are heard before the committee decides (§ 142, stk. 2)."
                )
                % {"name": name}
            ]
        if hearing.answered_on and hearing.answered_on < hearing.sent_on:
            errors[f"hearing_{i}_answered_on"] = [
                _("The answer date is before the hearing date. Check the dates.")
            ]
    return errors


Gate = Callable[[Proposal], Errors]

# Every gate, in the order the decision form shows its fields. The table test names them.
GATES: tuple[tuple[str, Gate], ...] = (
    ("basics", basics),
    ("meeting_checklist", meeting_checklist),
    ("foster_family_s52", foster_family_s52),
    ("one_in_force", one_in_force),
    ("place_approved", place_approved),
    ("place_said_yes", place_said_yes),
    ("vacancy", vacancy),
    ("other_than_top", other_than_top),
    ("investigation", investigation),
    ("legal_basis", legal_basis),
    ("purpose", purpose),
    ("consent_s46", consent_s46),
    ("committee_s47", committee_s47),
    ("plan_before_committee", plan_before_committee),
    ("change_of_placement_s98", change_of_placement_s98),
    ("provisional_s143", provisional_s143),
    ("follows_plan_s52", follows_plan_s52),
    ("siblings_s52", siblings_s52),
    ("school_s52", school_s52),
    ("location_s52", location_s52),
    ("conversation_s5", conversation_s5),
    ("hearings", hearings),
)


def check(proposal: Proposal) -> Errors:
    """Run every gate; the messages of all failing gates, merged per field."""
    errors: Errors = {}
    for _name, gate in GATES:
        for field, messages in gate(proposal).items():
            errors.setdefault(field, []).extend(messages)
    return errors
