# SPDX-License-Identifier: MPL-2.0
"""The ending and breakdown forms on the case tab, and the new case they lead to."""

from __future__ import annotations

import pytest
from django.utils import timezone

from placematch.audit.models import AccessLogEntry
from placematch.children.models import Case, CaseStatus
from placematch.followup.models_ending import Breakdown, NextCase, SupportCheck
from placematch.matching.models import MatchRun
from placematch.matching.models.runs import pack

pytestmark = pytest.mark.django_db


def _breakdown_form(**changes: object) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    form: dict[str, object] = {
        "breakdown-broke_on": today, "breakdown-initiator": "placement",
        "breakdown-causes": ["child_behaviour", "support_missing"],
        "breakdown-cause_text": "Plejefamilien kunne ikke mere", "breakdown-signs_seen": "yes",
        "breakdown-signs_seen_on": today, "breakdown-next_step": "change",
    }  # fmt: skip
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_a_breakdown_without_cause_or_initiator_is_refused_on_the_tab(placed, client_for):
    record = placed["record"]
    client = client_for(placed["caseworker"])
    response = client.post(
        f"/followup/records/{record.pk}/breakdown/",
        _breakdown_form(**{"breakdown-causes": None, "breakdown-initiator": None}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vælg mindst én årsag." in page and "Vælg, hvem der afsluttede opholdet." in page
    assert not Breakdown.objects.exists()
    assert Case.objects.get(pk=record.case_id).status == CaseStatus.PLACED


def test_a_breakdown_leads_to_the_new_case_with_the_earlier_placement_and_open_gaps(
    placed, client_for
):
    run: MatchRun = placed["run"]
    result = run.result()
    result["top"][0]["gaps"] = [
        {"dimension": "development_behaviour", "need": "high", "capacity": "moderate",
         "open_levels": 1},
    ]  # fmt: skip
    MatchRun.objects.filter(pk=run.pk).update(result_data=pack(result))
    record = placed["record"]
    client = client_for(placed["caseworker"])
    tab = client.get(f"/followup/cases/{record.case_id}/").content.decode()
    assert "Registrér et sammenbrud" in tab and "Ikke tjekket endnu." in tab
    promised = record.promised_support.get()
    checked = client.post(
        f"/followup/support/{promised.pk}/checks/",
        {
            f"support-{promised.pk}-in_place": "no",
            f"support-{promised.pk}-checked_on": timezone.localdate().isoformat(),
            f"support-{promised.pk}-edit_version": "0",
        },
    )
    assert checked.status_code == 302 and SupportCheck.objects.count() == 1
    response = client.post(f"/followup/records/{record.pk}/breakdown/", _breakdown_form())
    new = NextCase.objects.get(record=record).case
    assert response.status_code == 302 and response["Location"].startswith(
        f"/followup/cases/{new.pk}/"
    )
    reads = AccessLogEntry.objects.filter(action="view", subject_id=str(placed["child"].pk))
    count = reads.count()
    page = client.get(f"/followup/cases/{new.pk}/").content.decode()
    assert reads.count() == count + 1
    assert "Tidligere anbringelser og hvad vi lærte" in page
    assert "Plejefamilie Prøvesen" in page and "Barnets adfærd" in page
    assert "Udvikling og adfærd: behov høj, stedet moderat" in page
    assert "Lovet støtte, der ikke kom" in page and promised.text in page
    # Another municipality's caseworker sees neither form nor case.
    other = client_for(placed["users"][("other", "caseworker")])
    assert other.get(f"/followup/cases/{new.pk}/").status_code == 404
    assert other.post(f"/followup/records/{record.pk}/breakdown/", {}).status_code == 404
