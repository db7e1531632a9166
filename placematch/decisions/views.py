# SPDX-License-Identifier: MPL-2.0
"""decisions: thin views for the match meeting and the decision: parse, call a service, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from placematch.children import selectors as children
from placematch.children.models import Case
from placematch.children.views.common import acting_user, case_context, case_route, load_case
from placematch.core.concurrency import StaleEditError, add_service_error, apply_service
from placematch.core.idempotency import idempotent
from placematch.core.inputs import get_id, parse_id
from placematch.decisions import (
    candidates,
    downloads,
    gates,
    selectors,
    services,
    services_hold,
    services_meeting,
)
from placematch.decisions.forms import (
    GATE_FIELDS,
    CommitteeApprovalForm,
    DecisionForm,
    HoldForm,
    HoldReleaseForm,
    MeetingForm,
    WithdrawForm,
    meeting_initial,
)
from placematch.decisions.models import Decision, MatchMeeting
from placematch.matching.foster import run_foster_families
from placematch.matching.models import MatchRun
from placematch.providers.ledger import HOLD_DEFAULT_DAYS
from placematch.providers.models import Place


def _context(case: Case, title: str, **extra: Any) -> dict[str, Any]:
    return {**case_context(case, "decision", title), **extra}


@case_route
@require_safe
def case_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's decision tab: the decision in force, the meetings and every decision."""
    case = load_case(request, pk)
    context = _context(
        case,
        _("Decision"),
        current=selectors.current_decision(case),
        meetings=list(selectors.meetings_of(case)),
        decisions=list(selectors.decisions_of(case)),
    )
    return render(request, "decisions/case_decisions.html", context)


def _meeting_page(
    request: HttpRequest,
    case: Case,
    form: MeetingForm,
    meeting: MatchMeeting | None,
    status: int,
    hold_form: HoldForm | None = None,
    release_form: HoldReleaseForm | None = None,
) -> HttpResponse:
    run = str((form["run"].value() if form.is_bound else form.initial.get("run")) or "")
    run_pk = parse_id(run)
    chosen_run = MatchRun.objects.filter(case=case, pk=run_pk).first() if run_pk else None
    title = (
        _("Match meeting")
        if meeting is None
        else _("Match meeting of %(date)s") % {"date": meeting.held_on.strftime("%d-%m-%Y")}
    )
    views = children.parent_views_of(case)
    context = _context(
        case,
        title,
        form=form,
        meeting=meeting,
        run=chosen_run,
        candidates=candidates.meeting_candidates(
            chosen_run, list(case.inquiries.select_related("place"))
        ),
        wishes=list(children.wishes_of(case)),
        parents=[(p, views.get(p.pk)) for p in children.parents_of(case.child)],
        foster_families=run_foster_families(chosen_run),
        versions=selectors.meeting_versions(meeting) if meeting else [],
        locked=meeting is not None and meeting.decisions.exists(),
        latest=meeting is None or meeting.is_latest,
        **_hold_context(case, meeting, hold_form, release_form),
    )
    return render(request, "decisions/meeting.html", context, status=status)


def _hold_context(
    case: Case,
    meeting: MatchMeeting | None,
    hold_form: HoldForm | None,
    release_form: HoldReleaseForm | None,
) -> dict[str, Any]:
    """The hold panel: the case's current hold, or the form to hold a shortlisted place."""
    if meeting is None:
        return {}
    hold = services_hold.hold_of(case)
    context: dict[str, Any] = {"hold": hold}
    if hold is not None:
        context["hold_expires_on"] = (hold.end or timezone.localdate()) + timedelta(days=1)
        context["release_form"] = release_form or HoldReleaseForm()
    elif case.status in services_hold.HOLD_STATUSES:
        context["hold_form"] = hold_form or HoldForm(
            places=services_hold.meeting_places(meeting),
            initial={"expires_on": timezone.localdate() + timedelta(days=HOLD_DEFAULT_DAYS)},
        )
    return context


def _save_meeting(
    request: HttpRequest, case: Case, form: MeetingForm, meeting: MatchMeeting | None
) -> MatchMeeting | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services_meeting.meeting_save(
            actor=acting_user(request),
            case=case,
            held_on=data["held_on"],
            run=data["run"],
            participants=data["participants"],
            externals=data["externals"],
            checklist=services_meeting.checklist_inputs(data),
            notes=data["notes"],
            foster_assessment=data["foster_assessment"],
            foster_assessment_reasons=data["foster_assessment_reasons"],
            meeting=meeting,
            expected_version=form.expected_version(),
            request=request,
        )
    except StaleEditError as stale:
        form.refuse(stale)
        return None
    except ValidationError as error:
        add_service_error(form, error)
        return None


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def meeting_start(request: HttpRequest, pk: int) -> HttpResponse:
    """A new match meeting for the case; ``?run=<pk>`` picks the run whose shortlist is shown."""
    case = load_case(request, pk)
    user = acting_user(request)
    if request.method == "POST":
        form = MeetingForm(request.POST, case=case, versioned=False)  # creates: no version yet
        meeting = _save_meeting(request, case, form, None)
        if meeting is not None:
            messages.success(request, _("The match meeting was saved."))
            return redirect("decisions:meeting_detail", pk=meeting.pk)
        return _meeting_page(request, case, form, None, 400)
    runs = MatchRun.objects.filter(case=case).order_by("-created_at")
    wanted = get_id(request.GET, "run")
    run = runs.filter(pk=wanted).first() if wanted is not None else runs.first()
    initial = {
        "held_on": timezone.localdate(),
        "run": run.pk if run else None,
        "participants": [user.pk],
    }
    form = MeetingForm(initial=initial, case=case, versioned=False)
    return _meeting_page(request, case, form, None, 200)


def _meeting_for(request: HttpRequest, pk: int) -> tuple[MatchMeeting, Case]:
    meeting = get_object_or_404(MatchMeeting, pk=pk)
    return meeting, load_case(request, meeting.case_id)  # 404 unless the user may see the case


@case_route
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, case = _meeting_for(request, pk)
    if request.method == "POST":
        form = MeetingForm(request.POST, case=case)
        saved = _save_meeting(request, case, form, meeting)
        if saved is not None:
            if saved.pk != meeting.pk:
                messages.success(
                    request,
                    _(
                        "A decision rests on the meeting, so your change was saved as version "
                        "%(n)s. The decision keeps the version it rests on."
                    )
                    % {"n": saved.revision},
                )
            else:
                messages.success(request, _("The match meeting was saved."))
            return redirect("decisions:meeting_detail", pk=saved.pk)
        return _meeting_page(request, case, form, meeting, 400)
    form = MeetingForm(initial=meeting_initial(meeting), case=case)
    form.load(meeting, version=meeting.version)
    return _meeting_page(request, case, form, meeting, 200)


@case_route
@require_POST
@idempotent
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Hold a place of the meeting's shortlist until the expiry date, through the ledger."""
    meeting, case = _meeting_for(request, pk)
    hold_form = HoldForm(request.POST, places=services_hold.meeting_places(meeting))
    if hold_form.is_valid():
        try:
            services_hold.meeting_hold(
                actor=acting_user(request),
                meeting=meeting,
                place=hold_form.cleaned_data["place"],
                expires_on=hold_form.cleaned_data["expires_on"],
                request=request,
            )
        except ValidationError as error:
            add_service_error(hold_form, error)
        else:
            messages.success(
                request,
                _("The place is held. The preparation can start before the decision."),
            )
            return redirect("decisions:meeting_detail", pk=meeting.pk)
    form = MeetingForm(initial=meeting_initial(meeting), case=case)
    form.load(meeting, version=meeting.version)
    return _meeting_page(request, case, form, meeting, 400, hold_form=hold_form)


@case_route
@require_POST
def meeting_hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the held place back before a decision."""
    meeting, case = _meeting_for(request, pk)
    release_form = HoldReleaseForm(request.POST)
    if release_form.is_valid():
        try:
            services_hold.hold_release(
                actor=acting_user(request),
                case=case,
                reason=release_form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_service_error(release_form, error)
        else:
            messages.success(request, _("The held place was given back."))
            return redirect("decisions:meeting_detail", pk=meeting.pk)
    form = MeetingForm(initial=meeting_initial(meeting), case=case)
    form.load(meeting, version=meeting.version)
    return _meeting_page(request, case, form, meeting, 400, release_form=release_form)


def _choosable_places(case: Case, meetings: list[MatchMeeting]) -> QuerySet[Place]:
    """The places on the meetings' shortlists and the places asked in inquiries."""
    ids = set(case.inquiries.values_list("place_id", flat=True))
    runs = {m.run_id: m.run for m in meetings if m.run is not None}  # meetings often share a run
    for run in runs.values():
        ids |= {c.place.pk for c in candidates.engine_shortlist(run) if c.place is not None}
    return Place.objects.filter(pk__in=ids).select_related("provider")


def _hearings(form: DecisionForm) -> list[services.HearingInput]:
    data = form.cleaned_data
    return [
        services.HearingInput(
            party=party,
            name=name,
            person=person,
            sent_on=data.get(f"hearing_{i}_sent_on"),
            answered_on=data.get(f"hearing_{i}_answered_on"),
            answer=data.get(f"hearing_{i}_answer") or "",
            omitted_ground=data.get(f"hearing_{i}_omitted_ground") or "",
            omitted_reason=data.get(f"hearing_{i}_omitted_reason") or "",
        )
        for i, (party, name, person) in enumerate(form.parties)
    ]


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the decision; deciding reserves the place, or says clearly why nothing was saved."""
    case = load_case(request, pk)
    meetings = list(selectors.meetings_of(case))
    places, parties = _choosable_places(case, meetings), selectors.hearing_parties(case)
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST, case=case, places=places, parties=parties)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decision_make(
                    actor=acting_user(request),
                    case=case,
                    place=data["place"],
                    kind=data["kind"],
                    reasons=data["reasons"],
                    appeal_guidance=data["appeal_guidance"],
                    meeting=data["meeting"],
                    start_on=data["start_on"],
                    reasons_for_other_than_top=data["reasons_for_other_than_top"],
                    dissent=data["dissent"],
                    hearings=_hearings(form),
                    child_words_shared=data["child_words_shared"],
                    custody_consent_on=data["custody_consent_on"],
                    child_consent_on=data["child_consent_on"],
                    current_placement_statement=data["current_placement_statement"],
                    committee_decided_on=data["committee_decided_on"],
                    location_municipality=data["location_municipality"],
                    location_informed_on=data["location_informed_on"],
                    vacancy_override_reason=data["vacancy_override_reason"],
                    **{name: data[name] for name in GATE_FIELDS},
                    reasons_for_parents=data["reasons_for_parents"],
                    reasons_for_child=data.get("reasons_for_child", ""),
                    request=request,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("The decision was made and the place is reserved for the child.")
                )
                return redirect("decisions:decision_detail", pk=decision.pk)
        status = 400
    else:
        wanted = get_id(request.GET, "meeting")
        meeting = next((m for m in meetings if m.pk == wanted), None) or (
            meetings[0] if meetings else None
        )
        form = DecisionForm(
            initial={"meeting": meeting.pk if meeting else None},
            case=case,
            places=places,
            parties=parties,
        )
    today = timezone.localdate()
    context = _context(
        case,
        _("Make the decision"),
        form=form,
        place_conditions=gates.place_conditions(case, places, today),
        has_conversation=gates.conversation_on_file(case, today),
        no_places=not places,
    )
    return render(request, "decisions/decision_form.html", context, status=status)


def _decision_for(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("place__provider", "decided_by", "meeting", "reservation"),
        pk=pk,
    )
    decision.case = load_case(request, decision.case_id)
    return decision


def _decision_page(
    request: HttpRequest,
    decision: Decision,
    form: WithdrawForm,
    status: int,
    committee_form: CommitteeApprovalForm | None = None,
) -> HttpResponse:
    title = _("Decision on %(place)s") % {"place": decision.place.name}
    if committee_form is None and decision.awaits_committee():
        committee_form = CommitteeApprovalForm()
        committee_form.load(decision, version=decision.version)
    context = _context(
        decision.case,
        title,
        decision=decision,
        hearings=list(decision.hearings.all()),
        withdraw_form=form,
        committee_form=committee_form,
        **downloads.documents_context(decision),
    )
    return render(request, "decisions/decision_detail.html", context, status=status)


@case_route
@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    form = WithdrawForm()
    form.load(decision, version=decision.version)
    return _decision_page(request, decision, form, 200)


@case_route
@require_POST
def decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    form = WithdrawForm(request.POST)
    saved = apply_service(
        form,
        lambda data: services.decision_withdraw(
            actor=acting_user(request), decision=decision, reason=data["reason"],
            expected_version=form.expected_version(), request=request,
        ),
    )  # fmt: skip
    if saved:
        messages.success(request, _("The decision was withdrawn and the place given back."))
        return redirect("decisions:decision_detail", pk=decision.pk)
    # Show the decision as it is now: withdrawn or replaced meanwhile, it offers no form.
    decision = _decision_for(request, pk)
    return _decision_page(request, decision, form, 400)


@case_route
@require_POST
def provisional_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the committee's approval of a provisional decision (§ 143)."""
    decision = _decision_for(request, pk)
    form = CommitteeApprovalForm(request.POST)
    saved = apply_service(
        form,
        lambda data: services.provisional_approve(
            actor=acting_user(request), decision=decision, approved_on=data["approved_on"],
            expected_version=form.expected_version(), request=request,
        ),
    )  # fmt: skip
    if saved:
        messages.success(request, _("The committee's approval is recorded."))
        return redirect("decisions:decision_detail", pk=decision.pk)
    decision = _decision_for(request, pk)
    withdraw = WithdrawForm()
    withdraw.load(decision, version=decision.version)
    return _decision_page(request, decision, withdraw, 400, committee_form=form)
