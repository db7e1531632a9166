# SPDX-License-Identifier: MPL-2.0
"""decisions: the case pages' "Decision" tab."""

from __future__ import annotations

from django.utils.translation import gettext as _

from placematch.children.case_tabs import CaseTab, register

register(
    CaseTab(
        key="decision", label=lambda: _("Decision"), url_name="decisions:case_decisions", order=70
    )
)
