# SPDX-License-Identifier: MPL-2.0
"""followup: the forms for ending a placement, a breakdown, the next case and support checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from placematch.core import inputs
from placematch.core.concurrency import VersionedForm
from placematch.followup.forms import YES_NO, date_field, text_field
from placematch.followup.models_ending import (
    BreakdownCause,
    Enough,
    Initiator,
    InPlace,
    NextStep,
    SupportCheck,
)
from placematch.followup.services_ending import PLANNED, BreakdownInput, EndingInput


class EndingForm(inputs.Form):
    """A planned ending: going home or at 18, with the decision it rests on."""

    prefix = "ending"
    kind = forms.ChoiceField(
        label=_("How the placement ends"), widget=forms.RadioSelect,
        choices=[(k.value, k.label) for k in PLANNED],
        error_messages={"required": _("Choose how the placement ends."),
                        "invalid_choice": _("Choose how the placement ends.")},
    )  # fmt: skip
    ended_on = date_field(_("Last day at the place"))
    decided_on = date_field(_("The decision was made on"), required=False)
    decision_reference = forms.CharField(
        label=_("The decision's reference (journal number)"), required=False, max_length=100
    )
    place_statement_on = date_field(
        _("Going home: the place's statement came on (§ 100, stk. 2)"), required=False
    )
    child_heard_on = date_field(
        _("Going home: the child was heard on"), required=False,
        help_text=_("The child is a party from 10 (§ 3)."),
    )  # fmt: skip
    stay_ends_on = date_field(
        _("Continued placement: the stay at the place ends on"), required=False,
        help_text=_("The place is given back after this day."),
    )  # fmt: skip
    note = text_field(_("Note"), rows=2)

    def ending(self) -> EndingInput:
        d = self.cleaned_data
        return EndingInput(
            kind=d["kind"], ended_on=d["ended_on"], decided_on=d["decided_on"],
            decision_reference=d["decision_reference"],
            place_statement_on=d["place_statement_on"], child_heard_on=d["child_heard_on"],
            stay_ends_on=d["stay_ends_on"], note=d["note"],
        )  # fmt: skip


class BreakdownForm(inputs.Form):
    """A breakdown: when, who ended it, why, the signs beforehand and what comes next."""

    prefix = "breakdown"
    broke_on = date_field(_("The day the stay ended"))
    initiator = forms.ChoiceField(
        label=_("Who ended the stay?"), widget=forms.RadioSelect, choices=Initiator.choices,
        error_messages={"required": _("Choose who ended the stay."),
                        "invalid_choice": _("Choose who ended the stay.")},
    )  # fmt: skip
    causes = forms.MultipleChoiceField(
        label=_("Causes"), widget=forms.CheckboxSelectMultiple, choices=BreakdownCause.choices,
        help_text=_("Choose every cause that played a part."),
        error_messages={"required": _("Choose at least one cause."),
                        "invalid_choice": _("Choose the causes from the list.")},
    )  # fmt: skip
    cause_text = text_field(_("About the causes"), rows=3)
    signs_seen = forms.ChoiceField(
        label=_("Were signs seen beforehand?"), widget=forms.RadioSelect, choices=YES_NO,
        error_messages={"required": _("Choose whether signs were seen beforehand.")},
    )  # fmt: skip
    signs_seen_on = date_field(_("If yes: when were the signs first seen?"), required=False)
    next_step = forms.ChoiceField(
        label=_("What comes next for the child?"), widget=forms.RadioSelect,
        choices=NextStep.choices,
        error_messages={"required": _("Choose what comes next for the child.")},
    )  # fmt: skip
    note = text_field(_("Note"), rows=2)

    def breakdown(self) -> BreakdownInput:
        d = self.cleaned_data
        return BreakdownInput(
            broke_on=d["broke_on"], initiator=d["initiator"], causes=list(d["causes"]),
            cause_text=d["cause_text"], signs_seen=d["signs_seen"] == "yes",
            signs_seen_on=d["signs_seen_on"], next_step=d["next_step"], note=d["note"],
        )  # fmt: skip


class NextCaseForm(inputs.Form):
    """Start a change of placement (§ 98) or a re-placement for the same child."""

    prefix = "next"
    step = forms.ChoiceField(
        choices=[(NextStep.CHANGE.value, NextStep.CHANGE.label),
                 (NextStep.RE_PLACEMENT.value, NextStep.RE_PLACEMENT.label)],
        widget=forms.HiddenInput,
    )  # fmt: skip
    reason = text_field(
        _("Why a new case is started"), rows=2, required=True,
        error_messages={"required": _("Write why a new case is started.")},
    )  # fmt: skip


class SupportCheckForm(VersionedForm, inputs.Form):
    """One check of a promised support; the version is the newest check's number (0: none)."""

    in_place = forms.ChoiceField(
        label=_("Is the support in place?"), widget=forms.RadioSelect, choices=InPlace.choices,
        error_messages={"required": _("Choose whether the support is in place.")},
    )  # fmt: skip
    since = date_field(_("In place from"), required=False)
    enough = forms.ChoiceField(
        label=_("Is it enough?"), widget=forms.RadioSelect, choices=Enough.choices,
        required=False,
    )  # fmt: skip
    checked_on = date_field(_("Checked on"))
    note = text_field(_("Note"), rows=2)

    def values_from(self, record: SupportCheck) -> dict[str, Any]:
        return {
            "in_place": record.in_place, "since": record.since, "enough": record.enough,
            "checked_on": record.checked_on, "note": record.note,
        }  # fmt: skip
