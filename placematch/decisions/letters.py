# SPDX-License-Identifier: MPL-2.0
"""Letters per recipient: one to each custody holder, one to the child when the child is a party.

Everything here reads the frozen decision basis (``decisions.basis``), never today's records.
A letter states the decision, its purpose and expected duration, the legal basis with § and
stk., the reasons written for its reader and the facts they rest on (forvaltningsloven §§ 22 and
24), and the appeal guidance (forvaltningsloven § 25).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from placematch.children import disclosure
from placematch.children.models import Case

# Ankestyrelsen's contact details as published on ast.dk (Kontakt), for the appeal guidance.
# Complaints about placement decisions end there: the municipality's own decisions after the
# municipality has looked at them again (retssikkerhedsloven §§ 66–67), the children-and-youth
# committee's decisions directly. Check the address when Ankestyrelsen announces a move.
ANKESTYRELSEN = {
    "name": "Ankestyrelsen",
    "street": "Teglholmsgade 3",
    "town": "2450 København SV",
    "phone": "33 41 12 00",
    "email": "ast@ast.dk",
    "web": "www.ast.dk",
}
APPEAL_WEEKS = 4

# Legal bases decided by the children-and-youth committee (or its chair, § 143).
COMMITTEE_BASES = {"s47_without_consent", "s47_4_youth_consent", "s143_provisional"}


@dataclass(frozen=True)
class Recipient:
    """Who a letter is for: a custody holder (by the person's id) or the child."""

    key: str  # "person-<id>" or "child"
    name: str
    is_child: bool
    person_id: int | None = None


def recipients(data: dict[str, Any]) -> list[Recipient]:
    """Each custody holder on the decision day, and the child when the child is a party (§ 3)."""
    people = [
        Recipient(f"person-{p['id']}", p["name"], False, p["id"])
        for p in data["parents"]
        if p["custody"]
    ]
    if data["child"]["party"]:
        people.append(Recipient("child", data["child"]["name"], True))
    return people


def recipient_for(data: dict[str, Any], *, person_id: int | None) -> Recipient | None:
    """The letter's reader: ``person_id`` None is the child; anyone else is None (404)."""
    for recipient in recipients(data):
        if recipient.person_id == person_id:
            return recipient
    return None


def fact(data: dict[str, Any], *names: str) -> str:
    """A recorded fact of the decision by its field name, or "" when not recorded."""
    for row in data["decision"]["facts"]:
        if row["field"] in names:
            return str(row["value"])
    return ""


def basis_code(data: dict[str, Any]) -> str:
    """The legal basis the decision states, else the case's."""
    for row in data["decision"]["facts"]:
        if row["field"] == "legal_basis":
            return str(row.get("code", ""))
    return str(data["case"]["legal_basis"] or "")


def is_committee_decision(data: dict[str, Any]) -> bool:
    """Decided by the children-and-youth committee (§ 47, § 98 stk. 4) or its chair (§ 143)."""
    return basis_code(data) in COMMITTEE_BASES or bool(fact(data, "committee_decided_on"))


def legal_basis(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The paragraphs the decision rests on, each with a plain explanation: (§, what it says)."""
    rows = [
        (
            _("Barnets Lov § 52, stk. 1"),
            _("The municipality chooses the place that best meets the child's needs."),
        )
    ]
    basis = basis_code(data)
    if basis == "s46_consent":
        rows.append(
            (
                _("Barnets Lov § 46, stk. 1"),
                _("The child lives away from home because the custody holders agree."),
            )
        )
    elif basis == "s46_3_acute":
        rows.append(
            (
                _("Barnets Lov § 46, stk. 3"),
                _("The child had to move at once, because it could not wait."),
            )
        )
    elif basis == "s47_without_consent":
        rows.append(
            (
                _("Barnets Lov § 47, stk. 1"),
                _("The children-and-youth committee decided that the child moves."),
            )
        )
    elif basis == "s47_4_youth_consent":
        rows.append(
            (
                _("Barnets Lov § 47, stk. 4"),
                _("The young person agrees, but the custody holders do not."),
            )
        )
    elif basis == "s143_provisional":
        rows.append(
            (
                _("Barnets Lov § 143"),
                _("The committee's chair decided for now, because it was urgent."),
            )
        )
    if data["case"]["case_type"] == "change_of_placement":
        if fact(data, "committee_decided_on"):
            rows.append(
                (
                    _("Barnets Lov § 98, stk. 4"),
                    _("The children-and-youth committee decided that the child changes place."),
                )
            )
        else:
            rows.append(
                (
                    _("Barnets Lov § 98, stk. 1"),
                    _("The child changes place, and the custody holders agree."),
                )
            )
    return rows


def purpose_and_duration(data: dict[str, Any]) -> tuple[str, str]:
    """The placement's purpose and expected duration as the decision states them."""
    purpose = fact(data, "purpose", "placement_purpose")
    duration = fact(data, "expected_duration", "duration")
    return purpose, duration


def letter_text_problems(
    *, case: Case, kind: str, reasons_for_parents: str, reasons_for_child: str, child_party: bool
) -> dict[str, list[str]]:
    """A lasting decision needs the reasons written for the parents, and for a child party."""
    errors: dict[str, list[str]] = {}
    if kind != "lasting":
        return errors
    if not reasons_for_parents.strip():
        errors["reasons_for_parents"] = [
            _(
                "Write the reasons for the parents. Their letter uses only this text, never the "
                "reasons for the case file (forvaltningsloven § 22 and § 24)."
            )
        ]
    if child_party and not reasons_for_child.strip():
        errors["reasons_for_child"] = [
            _(
                "Write the reasons for the child in short, plain sentences. The child is a party "
                "from 10 (Barnets Lov § 3) and gets an own letter."
            )
        ]
    for field, text in (
        ("reasons_for_parents", reasons_for_parents),
        ("reasons_for_child", reasons_for_child),
    ):
        for message in parent_text_problems(case=case, text=text):
            errors.setdefault(field, []).append(message)
    return errors


def parent_text_problems(*, case: Case, text: str) -> list[str]:
    """Call site of the non-disclosure check (§ 105) for a text written for the parents.

    On a case under non-disclosure a parent-facing text that names the place is refused, never
    masked. The check (names, contact persons, street, postcode, town, phones, e-mails in their
    inflected forms) is ``children.disclosure``'s; letters to parents on such a case also leave
    out the place and its area by construction.
    """
    return disclosure.problems(case, text)
