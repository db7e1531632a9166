# SPDX-License-Identifier: MPL-2.0
"""children: the forms that record and lift non-disclosure (§ 105) decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from placematch.children.forms import DanishRequiredMixin, _date
from placematch.children.models import NonDisclosure, RelatedPerson
from placematch.core import inputs


class NonDisclosureForm(DanishRequiredMixin, inputs.Form):
    """The committee's decision: when, towards whom, until when and why."""

    decided_on = _date(_("Date of the committee's decision"))
    provisional = forms.BooleanField(
        label=_("Provisional decision by the committee's chair (§ 143)"), required=False,
        help_text=_("It lapses after 7 days unless the committee approves it. Record the "
                    "committee's approval as a new decision."),
    )  # fmt: skip
    all_parents = forms.BooleanField(label=_("Towards both parents"), required=False)
    persons = inputs.ModelMultipleChoiceField(
        label=_("Or towards these persons"), queryset=RelatedPerson.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    network = forms.BooleanField(label=_("Towards the network"), required=False)
    expires_on = _date(
        _("In force until"), required=False,
        help_text=_("Leave it empty when the decision names no end date."),
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = people  # type: ignore[attr-defined]


class LiftForm(DanishRequiredMixin, inputs.Form):
    """A new decision that lifts one in force."""

    decision = inputs.ModelChoiceField(
        label=_("Decision"), queryset=NonDisclosure.objects.none(), widget=forms.HiddenInput
    )
    decided_on = _date(_("Date of the decision that lifts it"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
