# SPDX-License-Identifier: MPL-2.0
"""The open API: a place answers through it; tokens are scoped; refusals are clear; all logged."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matchengine.vocab import Dimension
from placematch.accounts.models import Role
from placematch.api.models import ApiToken
from placematch.audit.models import AccessLogEntry
from placematch.children.forms import CaseForm
from placematch.children.tests.factories import CaseFactory
from placematch.decisions.forms import MeetingForm
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import decide_kwargs
from placematch.matching.models import Inquiry, InquiryStatus
from placematch.matching.services import inquiry_proceed
from placematch.matching.tests.factories import InquiryFactory
from placematch.providers.models import VacancyDeclaration

pytestmark = pytest.mark.django_db

ANSWER = {
    "answer": "yes_with_support",
    "dimension_answers": {d.value: "can" for d in Dimension},
    "support_needed": "En ekstra voksen om aftenen de første uger",
}


def url(name: str, **kwargs: int) -> str:
    return reverse(f"api:{name}", kwargs=kwargs or None)


def test_a_place_answers_through_the_api_and_the_caseworker_sees_it(
    world, token_for, api_client, client_for
):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    place_system = api_client(token_for("provider"))
    listed = place_system.get(url("inquiries")).json()
    assert inquiry.pk in [row["id"] for row in listed["items"]]
    detail = place_system.get(url("inquiry", pk=inquiry.pk)).json()
    assert detail["profile"]["age_band"] and "Vilja" not in str(detail)  # pseudonymised

    key = {"Idempotency-Key": "answer-0001-abcdefgh"}
    first = place_system.post(url("answer", pk=inquiry.pk), ANSWER, **key)
    assert first.status_code == 200, first.content
    assert first.json()["status"] == InquiryStatus.ANSWERED
    # The client lost the answer and sends it again: answered once, the same answer back.
    again = place_system.post(url("answer", pk=inquiry.pk), ANSWER, **key)
    assert again.status_code == 200 and again.json()["answer"] == "yes_with_support"
    # Without the key a second answer meets the service's own rule, in Danish by default.
    late = place_system.post(url("answer", pk=inquiry.pk), ANSWER)
    assert late.status_code == 422
    assert late.json()["code"] == "refused.state"
    assert "kan ikke længere besvares" in late.json()["message"]

    page = client_for(world["caseworker"]).get(
        reverse("matching:inquiry_detail", args=[inquiry.pk])
    )
    assert "En ekstra voksen om aftenen de første uger" in page.content.decode()
    account = ApiToken.objects.get(organisation=world["place"].provider.organisation).user
    assert Inquiry.objects.get(pk=inquiry.pk).answered_by == account
    # Once the caseworker goes on with the place, its system reads the stage-2 profile too.
    assert place_system.get(url("inquiry", pk=inquiry.pk)).json()["stage2"] is None
    inquiry_proceed(request=None, user=world["caseworker"], inquiry=inquiry)
    stage2 = place_system.get(url("inquiry", pk=inquiry.pk)).json()["stage2"]
    assert stage2["first_name"] == "Vilja" and "Balder" in str(stage2["wishes"])
    assert AccessLogEntry.objects.filter(user=account, action="update").count() == 1


def test_a_token_of_another_organisation_gets_404_as_a_missing_object(
    world, token_for, api_client, users
):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    decision = decision_make(**decide_kwargs(world))
    other_place = api_client(token_for("other_provider"))
    other_municipality = api_client(token_for("other"))
    answers = [
        other_place.get(url("inquiry", pk=inquiry.pk)),
        other_place.post(url("answer", pk=inquiry.pk), ANSWER),
        other_place.get(url("place", pk=world["place"].pk)),
        other_place.post(
            url("vacancy", pk=world["place"].pk), {"free_places": 0, "expected_version": 0}
        ),
        other_municipality.get(url("case", pk=world["case"].pk)),
        other_municipality.get(url("case_decisions", pk=world["case"].pk)),
        other_municipality.get(url("decision", pk=decision.pk)),
        other_municipality.get(url("document_basis", pk=decision.pk)),
    ]
    missing = other_place.get(url("inquiry", pk=10**9))
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert {r.json()["code"] for r in answers} == {missing.json()["code"]} == {"not_found"}
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.SENT
    assert not AccessLogEntry.objects.filter(user__api_token__isnull=False).exists()


def test_a_read_token_cannot_write(world, token_for, api_client):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    reader = api_client(token_for("provider", ["inquiries:read", "capacity:read"]))
    assert reader.get(url("inquiry", pk=inquiry.pk)).status_code == 200
    refused = reader.post(url("answer", pk=inquiry.pk), ANSWER)
    vacancy = reader.post(
        url("vacancy", pk=world["place"].pk), {"free_places": 1, "expected_version": 0}
    )
    assert (refused.status_code, vacancy.status_code) == (403, 403)
    assert refused.json()["code"] == "scope_missing"
    assert "inquiries:write" in refused.json()["message"]
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.SENT
    # A place's token has no case areas at all.
    assert reader.get(url("cases")).status_code == 403


def test_wrong_expired_and_revoked_tokens_get_401_with_a_clear_message(
    world, token_for, api_client, users
):
    good = token_for("provider")
    expired = token_for("provider", expires_on=timezone.localdate() + datetime.timedelta(days=1))
    ApiToken.objects.filter(expires_on=timezone.localdate() + datetime.timedelta(days=1)).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    revoked = token_for("provider", name="Gammelt system")
    from placematch.api.services import token_revoke

    token_revoke(
        request=None, user=users[("provider", Role.PROVIDER_ADMIN)],
        token=ApiToken.objects.get(name="Gammelt system"),
    )  # fmt: skip
    cases = {
        "token_invalid": api_client(good[:-2] + "xx"),
        "token_expired": api_client(expired),
        "token_revoked": api_client(revoked),
        "token_missing": api_client(""),
    }
    for code, client in cases.items():
        response = client.get(url("inquiries"))
        assert response.status_code == 401, code
        assert response.json()["code"] == code
    danish = cases["token_revoked"].get(url("inquiries")).json()["message"]
    english = cases["token_revoked"].get(url("inquiries"), **{"Accept-Language": "en"})
    assert "tilbagekaldt" in danish
    assert english.json()["message"].startswith("The token was revoked")
    assert api_client(good).get(url("inquiries")).status_code == 200


def test_bad_bodies_get_a_clear_4xx_and_save_nothing(world, token_for, api_client):
    inquiry = InquiryFactory(case=world["case"], place=world["place"])
    writer = api_client(token_for("provider"), language="en")
    answer_url = url("answer", pk=inquiry.pk)
    malformed = writer.post(answer_url, raw='{"answer": "yes",')
    unknown = writer.post(answer_url, {**ANSWER, "answered_by": "someone"})
    wrong_code = writer.post(answer_url, {**ANSWER, "answer": "perhaps"})
    huge = writer.post(answer_url, {**ANSWER, "view": "x" * 100_000})
    assert malformed.status_code == 400 and malformed.json()["code"] == "body_malformed"
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "body.answered_by", "message": "Unknown field. Leave it out."}
    ]
    assert wrong_code.status_code == 422
    assert "yes_with_support" in wrong_code.json()["errors"][0]["message"]
    assert huge.status_code == 413 and huge.json()["code"] == "body_too_large"
    # The service's own rule: a yes answers every dimension.
    partial = writer.post(answer_url, {**ANSWER, "dimension_answers": {"health": "can"}})
    assert partial.status_code == 422 and partial.json()["code"] == "refused.dimensions"
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.SENT
    assert not AccessLogEntry.objects.filter(action="update", object_type="matching.inquiry")


def test_vacancy_carries_its_version_and_a_stale_one_is_refused(world, token_for, api_client):
    place = world["place"]
    system = api_client(token_for("provider"))
    read = system.get(url("place", pk=place.pk)).json()
    version = read["vacancy"]["version"]
    body = {"free_places": 1, "note": "Plads fra næste måned", "expected_version": version}
    saved = system.post(url("vacancy", pk=place.pk), body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["vacancy"]["free_places"] == 1
    stale = system.post(url("vacancy", pk=place.pk), {**body, "free_places": 0})
    assert (
        stale.status_code == 409 and stale.json()["version"] == saved.json()["vacancy"]["version"]
    )
    too_many = system.post(
        url("vacancy", pk=place.pk),
        {**body, "free_places": 5, "expected_version": saved.json()["vacancy"]["version"]},
    )
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "free_places"
    assert VacancyDeclaration.objects.filter(place=place).count() == 2  # the world's and ours


def test_the_case_system_reads_status_decisions_pdfs_and_tasks_and_every_call_is_logged(
    world, token_for, api_client, client_for
):
    decision = decision_make(**decide_kwargs(world))
    system = api_client(token_for("own"))
    child = str(world["child"].pk)
    found = system.get(url("cases") + "?case_number=SAG-88123").json()
    assert [c["id"] for c in found["items"]] == [world["case"].pk]
    case = system.get(url("case", pk=world["case"].pk)).json()
    assert case["status"] == "decided" and case["transitions"][-1]["to_status"] == "decided"
    decisions = system.get(url("case_decisions", pk=world["case"].pk)).json()
    documents = {d["key"]: d["url"] for d in decisions[0]["documents"]}
    assert system.get(url("decision", pk=decision.pk)).json()["id"] == decision.pk
    pdf = system.get(documents["basis"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page_pdf = client_for(world["caseworker"]).get(
        reverse("decisions:decision_basis", args=[decision.pk])
    )
    assert pdf.content == page_pdf.content
    # The journal package: the same ZIP the decision page gives.
    assert decisions[0]["journal_package"] == url("decision_journal", pk=decision.pk)
    package = system.get(decisions[0]["journal_package"])
    assert package.status_code == 200 and package["Content-Type"] == "application/zip"
    page_package = client_for(world["caseworker"]).get(
        reverse("decisions:decision_journal", args=[decision.pk])
    )
    assert package.content == page_package.content
    assert system.get(url("tasks")).status_code == 200
    account = ApiToken.objects.get(organisation=world["case"].organisation).user
    rows = AccessLogEntry.objects.filter(user=account)
    routes = set(rows.values_list("route", flat=True))
    assert {"api:cases", "api:case", "api:case_decisions", "api:decision", "api:document_basis",
            "api:decision_journal", "api:tasks"} <= routes  # fmt: skip
    assert rows.filter(route="api:document_basis", action="export", subject_id=child).exists()
    assert rows.filter(route="api:case", action="view", subject_id=child).exists()


def test_a_token_over_its_rate_gets_429_with_retry_after(world, token_for, api_client, settings):
    settings.API_RATE_PER_MINUTE = 2
    system = api_client(token_for("provider"))
    statuses = [system.get(url("places")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = system.get(url("places"))
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_the_admin_makes_a_token_that_is_shown_once_and_revokes_it(users, api_client, client_for):
    admin = users[("own", Role.ADMIN)]
    page = client_for(admin)
    expires = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    form = {"name": "Sagssystemet", "scopes": ["cases:read", "tasks:read"], "expires_on": expires,
            "submission_key": "k" * 32}  # fmt: skip
    assert reverse("api:tokens") in page.get(reverse("accounts:dashboard")).content.decode()
    made = page.post(reverse("api:tokens"), form)
    secret = made.context["created"].secret
    assert secret in made.content.decode()
    assert secret not in page.get(reverse("api:tokens")).content.decode()
    assert page.post(reverse("api:tokens"), form).status_code == 200  # a repeat makes no second
    token = ApiToken.objects.get()
    assert token.token_hash != secret and secret.startswith(token.prefix)
    # The token's account is no person: it is offered nowhere people are picked.
    case = CaseFactory(child__organisation=admin.organisation)
    assert token.user.is_system
    picker = CaseForm(instance=case, organisation_id=case.organisation_id).fields["caseworkers"]
    assert token.user not in picker.queryset
    assert token.user not in MeetingForm(case=case).fields["participants"].queryset
    system = api_client(secret)
    assert system.get(url("cases")).status_code == 200
    assert system.get(url("decision", pk=1)).status_code == 403  # decisions were not chosen
    assert system.get(url("cases") + "?case_number=%00").status_code == 422

    wrong = page.post(reverse("api:tokens"), {**form, "scopes": ["inquiries:write"],
                                              "submission_key": "j" * 32})  # fmt: skip
    assert wrong.status_code == 400 and ApiToken.objects.count() == 1
    revoked = page.post(reverse("api:token_revoke", args=[token.pk]))
    assert revoked.status_code == 302
    assert system.get(url("cases")).json()["code"] == "token_revoked"
    # Another municipality's admin cannot see or revoke it.
    other = client_for(users[("other", Role.ADMIN)])
    assert other.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert "Sagssystemet" not in other.get(reverse("api:tokens")).content.decode()
