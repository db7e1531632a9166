# SPDX-License-Identifier: MPL-2.0
"""Simulated staff for ``make load``: each signs in through the login page, then clicks along.

Caseworkers, team leaders, provider staff and analysts follow their everyday path (the case
list with a search, a case page, the match page of a stored run, the inquiry list, a provider's
inbox, the analyst's figures); every request is named by its page, so the table is per page.
``baseline`` is a signed-in request for a missing address: the whole middleware stack (session,
authentication, second factor, CSP, history, lockout) and the small 404 page, and nothing else.
The plan (``load/plan.py``) lists only pages the user may open. ``LOAD_THINK`` is the mean
seconds between clicks (0 for saturation); ``LOAD_PAGE`` makes every user open that one page.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from typing import Any

from locust import FastHttpUser, between, constant, task

PLAN: dict[str, Any] = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
THINK = float(os.environ.get("LOAD_THINK", "5"))
ONLY = os.environ.get("LOAD_PAGE", "")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Staff(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(THINK * 0.6, THINK * 1.4) if THINK else constant(0)

    def on_start(self) -> None:
        self.me = secrets.choice(PLAN[self.role])
        page = self.client.get("/login/", name="login form")
        token = CSRF.search(page.text or "")
        with self.client.post(
            "/login/",
            data={
                "username": self.me["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/login/"},
            name="login",
            catch_response=True,
        ) as answer:
            if "/login/" in answer.url:
                answer.failure("still on the login page")

    def page(self, url: str, name: str) -> None:
        self.client.get(url, name=name)

    # The pages, one method each so a saturation run can pick one.
    def baseline(self) -> None:
        with self.client.get("/no-such-page/", name="baseline", catch_response=True) as answer:
            if answer.status_code == 404:
                answer.success()

    def dashboard(self) -> None:
        self.page("/", "dashboard")

    def case_list(self) -> None:
        self.page("/children/", "case list")

    def case_search(self) -> None:
        self.page(f"/children/?q={secrets.choice(PLAN['search'])}", "case list search")

    def case_page(self) -> None:
        self.page(f"/children/cases/{secrets.choice(self.me['cases'])}/", "case page")

    def match_page(self) -> None:
        if self.me.get("runs"):
            self.page(f"/matching/runs/{secrets.choice(self.me['runs'])}/", "match page")

    def inquiry_list(self) -> None:
        self.page("/matching/inquiries/", "inquiry list")

    def figures(self) -> None:
        self.page("/matching/inquiries/figures/", "figures")

    def provider_inbox(self) -> None:
        self.page("/matching/provider/inquiries/", "provider inbox")

    def provider_inquiry(self) -> None:
        self.page(
            f"/matching/provider/inquiries/{secrets.choice(self.me['inquiries'])}/",
            "provider inquiry",
        )

    def only(self) -> bool:
        """In a saturation run, open only LOAD_PAGE; answer whether this user did."""
        if not ONLY:
            return False
        getattr(self, ONLY.replace(" ", "_"))()
        return True


class Caseworker(Staff):
    weight = 10
    role = "caseworker"

    @task
    def walk(self) -> None:
        if self.only():
            return
        secrets.choice(
            [self.case_search, self.case_list, self.case_page, self.case_page, self.match_page,
             self.inquiry_list, self.dashboard, self.baseline]
        )()  # fmt: skip


class TeamLeader(Staff):
    weight = 3
    role = "team_leader"

    @task
    def walk(self) -> None:
        if self.only():
            return
        secrets.choice(
            [self.case_list, self.case_search, self.case_page, self.match_page,
             self.inquiry_list, self.figures, self.dashboard, self.baseline]
        )()  # fmt: skip


class ProviderStaff(Staff):
    weight = 3
    role = "provider_staff"

    @task
    def walk(self) -> None:
        if self.only():
            return
        secrets.choice(
            [self.provider_inbox, self.provider_inbox, self.provider_inquiry, self.dashboard,
             self.baseline]
        )()  # fmt: skip


class Analyst(Staff):
    weight = 1
    role = "analyst"

    @task
    def walk(self) -> None:
        if self.only():
            return
        secrets.choice([self.figures, self.figures, self.dashboard, self.baseline])()
