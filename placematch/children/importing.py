# SPDX-License-Identifier: MPL-2.0
"""children: starting cases from the case system's export (CSV or XLSX, docs/case-import.md).

The file is read by the shared reader (``core.import_files``) and the whole of it checked
first; only a file without a single error is written, in one transaction, through the
children's own services. A case number that the municipality already has is skipped, so the
same file imported again creates nothing. No CPR number is taken in: a column named or
holding one refuses the file or the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matchengine.vocab import CaseType, LegalBasis
from placematch.accounts.models import Team, User
from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.children import rules, services
from placematch.children.models import Child, PersonKind
from placematch.core.import_files import ImportFileError, Layout, RowError, read_table

# (column, required), in the order the page and docs/case-import.md list them.
COLUMNS: tuple[tuple[str, bool], ...] = (
    ("sagsnummer", True),
    ("fornavn", True),
    ("efternavn", True),
    ("foedselsdato", True),
    ("postnummer", True),
    ("sagstype", True),
    ("kendt_dato", True),
    ("lovgrundlag", False),
    ("team", False),
    ("foraeldremyndighed", False),
)
KNOWN = frozenset(name for name, _required in COLUMNS)
# A caseworker starts a handful of cases at a time; the checked rows wait in the session
# between the preview and the confirmation, and each case is created through the services with
# its history and log rows (1,000 took 29 s on PostgreSQL, too long for one request).
MAX_ROWS = 200
MAX_CUSTODY_HOLDERS = 4
LAYOUT = Layout(
    columns=COLUMNS,
    empty_message=gettext_lazy("The file is empty. Choose the export from the case system."),
    no_rows_message=gettext_lazy("The file has a header row but no rows with children."),
    max_rows=MAX_ROWS,
    refuse_formulas=True,
)

# ddmmyy-xxxx, ddmmyy xxxx or ten digits in a row, whose first six digits could be a date.
_CPR = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d\d[- ]?\d{4}(?!\d)")
_CPR_HEADER = re.compile(r"cpr|personn(umme)?r|personal.?id", re.IGNORECASE)


def looks_like_cpr(text: str) -> bool:
    return bool(_CPR.search(text))


@dataclass(frozen=True)
class CaseRow:
    """One checked row: a child and its first case, as the services take them."""

    row: int
    case_number: str
    first_name: str
    last_name: str
    birth_date: date
    postcode: str
    case_type: CaseType
    aware_date: date
    legal_basis: LegalBasis | None
    team: Team | None
    custody_holders: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class CaseImportResult:
    """What the file would create (or created), what exists already, and every row error."""

    errors: list[RowError] = field(default_factory=list)
    new: list[CaseRow] = field(default_factory=list)
    existing: list[CaseRow] = field(default_factory=list)
    existing_child_ids: list[int] = field(default_factory=list)
    written: bool = False

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


def read_rows(
    filename: str, data: bytes | IO[bytes]
) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """The file's rows with only the known columns, and the rows it could not read.

    Raises ImportFileError for a file that cannot be read or has a column named as a CPR
    number; a cell that looks like one is a row error that does not repeat the value.
    """
    table = read_table(filename, data, LAYOUT)
    for index, name in enumerate(table.header):
        if _CPR_HEADER.search(name) or looks_like_cpr(name):
            raise ImportFileError(
                _(
                    "Column %(n)d in row 1 is named like a CPR number. The import takes no CPR "
                    "numbers: remove the column from the file and import it again."
                )
                % {"n": index + 1}
            )
    errors = list(table.errors)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in table.rows:
        cpr = [name for name, value in values.items() if looks_like_cpr(value)]
        for name in cpr:
            errors.append(
                RowError(
                    number,
                    name,
                    _(
                        "The value looks like a CPR number. The import takes no CPR numbers: "
                        "remove it from the file."
                    ),
                )
            )
        if not cpr:
            rows.append((number, {k: v for k, v in values.items() if k in KNOWN}))
    return rows, errors


def cases_check(
    *, actor: User, filename: str, data: bytes | IO[bytes]
) -> tuple[CaseImportResult, list[tuple[int, dict[str, str]]]]:
    """Read and check the file, writing nothing: the preview, and the rows to confirm.

    Raises ImportFileError when the file itself cannot be read.
    """
    rows, read_errors = read_rows(filename, data)
    result = cases_import(actor=actor, filename=filename, rows=rows, dry_run=True)
    result.errors = sorted(read_errors + result.errors, key=lambda e: e.row)
    return result, rows


def _by_code_or_label(enum: Any, text: str) -> Any:
    wanted = text.strip().lower()
    for member in enum:
        labels = {member.value, member.da.lower(), member.en.lower()}
        # "Skift af anbringelsessted (§ 98)" may come without its paragraph.
        labels |= {label.split(" (")[0] for label in labels}
        if wanted in labels:
            return member
    return None


def _date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class _Row:
    def __init__(self, number: int, values: dict[str, str], errors: list[RowError]) -> None:
        self.number, self.values, self.errors = number, values, errors
        self.failed = False

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str, *, max_length: int, required: bool = True) -> str:
        value = self.values.get(column, "").strip()
        if required and not value:
            self.error(column, _("The column is empty; it must have a value."))
        elif len(value) > max_length:
            self.error(
                column,
                _("The value is longer than %(max)d characters.") % {"max": max_length},
            )
        return value

    def date(self, column: str) -> date | None:
        text = self.text(column, max_length=20)
        if not text:
            return None
        value = _date(text)
        if value is None:
            self.error(column, _("'%(v)s' is not a date. Write e.g. 2026-03-01.") % {"v": text})
        return value

    def check(self, column: str, rule: Any, *args: Any, **kwargs: Any) -> None:
        try:
            rule(*args, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                self.error(column, message)


def validate(actor: User, rows: list[tuple[int, dict[str, str]]]) -> CaseImportResult:
    """Check every row; sort the good ones into new and already existing (by case number)."""
    organisation = actor.organisation
    assert organisation is not None
    today = timezone.localdate()
    teams = {t.name.strip().lower(): t for t in Team.objects.filter(organisation=organisation)}
    numbers = [values.get("sagsnummer", "").strip() for _number, values in rows]
    existing = dict(
        Child.objects.filter(organisation=organisation, case_number__in=numbers).values_list(
            "case_number", "pk"
        )
    )
    result = CaseImportResult()
    seen: dict[str, int] = {}
    for number, values in rows:
        row = _Row(number, values, result.errors)
        case_number = row.text("sagsnummer", max_length=50)
        if case_number in seen:
            row.error(
                "sagsnummer",
                _("Case number %(v)s is also on row %(row)d. Each case number must be unique.")
                % {"v": case_number, "row": seen[case_number]},
            )
        elif case_number:
            seen[case_number] = number
        first_name = row.text("fornavn", max_length=100)
        last_name = row.text("efternavn", max_length=100)
        birth_date = row.date("foedselsdato")
        if birth_date is not None:
            row.check("foedselsdato", rules.check_birth_date, birth_date, today)
        postcode = row.text("postnummer", max_length=4, required=False)
        row.check("postnummer", rules.check_postcode, postcode)
        type_text = row.text("sagstype", max_length=100)
        case_type = _by_code_or_label(CaseType, type_text) if type_text else None
        if type_text and case_type is None:
            row.error(
                "sagstype",
                _(
                    "'%(v)s' is not a case type. Write 'Første anbringelse', 'Skift af "
                    "anbringelsessted' or 'Genanbringelse'."
                )
                % {"v": type_text},
            )
        aware_date = row.date("kendt_dato")
        if aware_date is not None and aware_date > today:
            row.error("kendt_dato", _("The date is in the future. Write the day you became aware."))
        basis_text = row.text("lovgrundlag", max_length=100, required=False)
        legal_basis = _by_code_or_label(LegalBasis, basis_text) if basis_text else None
        if basis_text and legal_basis is None:
            row.error(
                "lovgrundlag",
                _("'%(v)s' is not a legal basis. Write e.g. '§ 46, med samtykke'.")
                % {"v": basis_text},
            )
        team_text = row.text("team", max_length=200, required=False)
        team = teams.get(team_text.lower()) if team_text else None
        if team_text and team is None:
            row.error("team", _("The municipality has no team named '%(v)s'.") % {"v": team_text})
        holders_text = row.text("foraeldremyndighed", max_length=1000, required=False)
        holders = tuple(n.strip() for n in holders_text.split(",") if n.strip())
        if len(holders) > MAX_CUSTODY_HOLDERS or any(len(n) > 200 for n in holders):
            row.error(
                "foraeldremyndighed",
                _(
                    "Write at most %(max)d names of custody holders, separated by commas, "
                    "each at most 200 characters."
                )
                % {"max": MAX_CUSTODY_HOLDERS},
            )
        if row.failed:
            continue
        assert birth_date is not None and aware_date is not None and case_type is not None
        checked = CaseRow(
            row=number,
            case_number=case_number,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            postcode=postcode,
            case_type=case_type,
            aware_date=aware_date,
            legal_basis=legal_basis,
            team=team,
            custody_holders=holders,
        )
        if case_number in existing:
            result.existing.append(checked)
            result.existing_child_ids.append(existing[case_number])
        else:
            result.new.append(checked)
    result.errors.sort(key=lambda e: e.row)
    return result


def cases_import(
    *,
    actor: User,
    filename: str,
    rows: list[tuple[int, dict[str, str]]],
    dry_run: bool,
    request: HttpRequest | None = None,
) -> CaseImportResult:
    """Check the rows read by ``read_rows``; unless a dry run, create the new children and
    cases in one transaction when no row has an error. Existing case numbers are skipped.
    """
    if actor.organisation is None or not actor.organisation.is_municipality:
        raise ValueError("only a municipal user imports cases")
    if dry_run:
        return validate(actor, rows)
    with transaction.atomic():
        # Checked again inside the transaction: a case may have been created since the preview.
        result = validate(actor, rows)
        if result.errors:
            return result
        for row in result.new:
            case = services.child_create(
                actor=actor,
                first_name=row.first_name,
                last_name=row.last_name,
                birth_date=row.birth_date,
                case_number=row.case_number,
                address_postcode=row.postcode,
                case_type=row.case_type.value,
                aware_date=row.aware_date,
                legal_basis=row.legal_basis.value if row.legal_basis else "",
                team=row.team,
                request=request,
            )
            for name in row.custody_holders:
                services.person_add(
                    actor=actor,
                    child=case.child,
                    kind=PersonKind.CUSTODY_HOLDER,
                    name=name,
                    relation=str(PersonKind.CUSTODY_HOLDER.label),
                    request=request,
                )
        access_log_write(
            request=request,
            user=actor,
            action=Action.CREATE,
            object_type="children.import",
            detail={
                "file": filename[:200],
                "rows": len(rows),
                "created": len(result.new),
                "skipped": len(result.existing),
            },
        )
        result.written = True
    return result
