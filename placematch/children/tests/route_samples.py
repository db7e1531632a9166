# SPDX-License-Identifier: MPL-2.0
"""Route parameters for the route matrix: a case of the own municipality, in the own team."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from placematch.children.tests.factories import CaseFactory, PersonFactory, WishFactory
from tests.route_matrix import SampleContext


def _case(ctx: SampleContext) -> dict[str, Any]:
    if "children_case" not in ctx.cache:
        caseworker = ctx.users[("own", "caseworker")]
        case = CaseFactory(
            child__organisation=ctx.municipality, team=caseworker.team, caseworkers=[caseworker]
        )
        ctx.cache["children_person"] = PersonFactory(
            child=case.child, organisation=ctx.municipality
        )
        ctx.cache["children_case"] = case
    return {"pk": ctx.cache["children_case"].pk}


ROUTES = (
    "children:case_detail",
    "children:case_edit",
    "children:case_transition",
    "children:assessment_create",
    "children:assessment_history",
    "children:conversations",
    "children:wishes",
    "children:parents",
    "children:people",
    "children:non_disclosure",
    "children:access_reports",
    "children:access_report",
)


def _wish(ctx: SampleContext) -> dict[str, Any]:
    kwargs = _case(ctx)
    if "children_wish" not in ctx.cache:
        ctx.cache["children_wish"] = WishFactory(case=ctx.cache["children_case"])
    return {**kwargs, "wish_pk": ctx.cache["children_wish"].pk}


def _person(ctx: SampleContext) -> dict[str, Any]:
    kwargs = _case(ctx)
    return {**kwargs, "person": ctx.cache["children_person"].pk}


SAMPLES: dict[str, Callable[[SampleContext], dict[str, Any]]] = {
    **dict.fromkeys(ROUTES, _case),
    "children:wish_edit": _wish,
    "children:access_report_person": _person,
}
