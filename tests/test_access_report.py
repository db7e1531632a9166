# SPDX-License-Identifier: MPL-2.0
"""The data subject's access report (GDPR art. 15): what is recorded, and every read of it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from placematch.accounts.models import Role
from placematch.audit.models import AccessLogEntry, Action
from placematch.audit.services import CHILD_SUBJECT, access_log_write
from placematch.children import access_report
from placematch.children.services_disclosure import non_disclosure_decide
from placematch.core.disclosure import found
from placematch.decisions.disclosure import place_identifiers
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import _plain_shortlist, decide_kwargs, world

pytestmark = pytest.mark.django_db

__all__ = ["_plain_shortlist", "world"]
FIXTURE_MARK = {"fiktiv"}


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )


def test_the_report_lists_exactly_the_reads_of_three_users(world, client_for):
    case = world["case"]
    readers = [world["caseworker"], world["team_leader"], world["users"][("own", Role.ANALYST)]]
    AccessLogEntry.objects.all().delete()
    for user in readers[:2]:
        assert (
            client_for(user).get(reverse("children:case_detail", args=[case.pk])).status_code == 200
        )
    # An analyst cannot open the case; a read logged by another route still counts.
    access_log_write(
        request=None, action=Action.VIEW, obj=case.child, subject_type=CHILD_SUBJECT,
        subject_id=case.child_id, user=readers[2],
    )  # fmt: skip
    report = access_report.build(access_report.subject_for(case))
    views = [r for r in report.reads if r.action == "Set"]
    assert len(report.reads) == AccessLogEntry.objects.count()
    assert sorted(r.who for r in views) == sorted(str(u.get_role_display()) for u in readers)
    assert {r.organisation for r in views} == {case.organisation.name}
    # Another child's reads are not in it.
    assert all(r.what for r in report.reads)


def test_the_pdf_lists_the_reads_and_its_own_download_is_logged(world, client_for):
    case = world["case"]
    client = client_for(world["caseworker"])
    client.get(reverse("children:case_detail", args=[case.pk]))
    response = client.get(reverse("children:access_report", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Indsigtsrapport for Vilja Fiktivholm" in text
    assert "Sagsbehandler" in text and case.organisation.name in text
    assert AccessLogEntry.objects.filter(
        action=Action.EXPORT, detail__document="access_report"
    ).exists()


def test_under_non_disclosure_the_parents_report_leaves_out_the_place(world, client_for):
    place = world["place"]
    case, mother = world["case"], world["mother"]
    decision_make(**decide_kwargs(world))
    non_disclosure_decide(
        actor=world["caseworker"], case=case, decided_on=timezone.localdate(), all_parents=True,
        reason="Udvalget har besluttet, at stedet ikke oplyses.",
    )  # fmt: skip
    # The placement's staff read the child's data (an inquiry, say).
    access_log_write(
        request=None, action=Action.VIEW, obj=case.child, subject_type=CHILD_SUBJECT,
        subject_id=case.child_id, user=world["staff"],
    )  # fmt: skip
    client = client_for(world["caseworker"])
    terms = place_identifiers(place)
    parent = pdf_text(
        client.get(reverse("children:access_report_person", args=[case.pk, mother.pk])).content
    )
    assert "Hanne Fiktivholm" in parent
    assert [w for w in found(parent, terms) if w.lower() not in FIXTURE_MARK] == []
    assert place.provider.organisation.name not in parent
    assert "Anbringelsesstedet (ikke oplyst, § 105)" in parent
    assert "Ikke oplyst for dig (§ 105)" in parent
    child = pdf_text(client.get(reverse("children:access_report", args=[case.pk])).content)
    assert str(place) in child  # the child's own report names where the child lives


def test_a_person_of_another_child_is_404(world, client_for):
    from placematch.children.tests.factories import CaseFactory, PersonFactory

    other = CaseFactory(child__organisation=world["case"].organisation)
    stranger = PersonFactory(child=other.child, organisation=other.organisation)
    client = client_for(world["caseworker"])
    url = reverse("children:access_report_person", args=[world["case"].pk, stranger.pk])
    assert client.get(url).status_code == 404


def test_the_page_lists_the_child_and_each_person(world, client_for):
    page = client_for(world["caseworker"]).get(
        reverse("children:access_reports", args=[world["case"].pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Indsigtsrapport for Vilja Fiktivholm (PDF)" in text
    assert "Indsigtsrapport for Hanne Fiktivholm (PDF)" in text
