# SPDX-License-Identifier: MPL-2.0
"""providers: import of providers, places and approvals from CSV or XLSX (see IMPORT.md).

The whole file is read and validated first; only a file without a single error is written,
in one transaction. Messages are in Danish through the catalogue, for municipal admins.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from matchengine.vocab import PLACE_FORM, NeedTag, PlaceForm, PlaceType
from placematch.accounts.models import Organisation, OrganisationKind
from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.core import postcodes
from placematch.core.inputs import parse_int
from placematch.providers.import_files import (
    COLUMNS,
    REQUIRED,
    ImportFileError,
    ImportResult,
    RowError,
    read_table,
)
from placematch.providers.models import Approval, Authority, Place, Provider
from placematch.providers.services import approval_validate, data_version_bump

TRUE = {"ja", "j", "x", "1", "true", "sand", "yes"}
FALSE = {"", "nej", "n", "0", "false", "falsk", "no"}
AUTHORITY_NAMES = {
    "socialtilsyn nord": Authority.NORTH,
    "socialtilsyn midt": Authority.MIDT,
    "socialtilsyn syd": Authority.SOUTH,
    "socialtilsyn øst": Authority.EAST,
    "socialtilsyn hovedstaden": Authority.CAPITAL,
    "kommune": Authority.MUNICIPALITY,
    "kommunen": Authority.MUNICIPALITY,
}

__all__ = ["COLUMNS", "REQUIRED", "ImportFileError", "ImportResult", "RowError", "read_table"]


# Validating ------------------------------------------------------------------------------------


def _by_code_or_label(enum: Any, text: str) -> Any:
    wanted = text.strip().lower()
    for member in enum:
        if wanted in (member.value, member.da.lower(), member.en.lower()):
            return member
    return None


def _date(text: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class _Row:
    number: int
    values: dict[str, str]
    errors: list[RowError]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, _("The column is empty; it must have a value."))
        return value

    def integer(self, column: str, low: int, high: int) -> int | None:
        text = self.required(column)
        if not text:
            return None
        number = parse_int(text, low=low, high=high)
        if number is None:
            self.error(
                column,
                _("'%(v)s' is not a whole number from %(low)d to %(high)d.")
                % {"v": text, "low": low, "high": high},
            )
            return None
        return number

    def date(self, column: str, required: bool) -> datetime.date | None:
        text = self.required(column) if required else self.get(column)
        if not text:
            return None
        try:
            return _date(text)
        except ValueError:
            self.error(column, _("'%(v)s' is not a date. Write e.g. 2026-03-01.") % {"v": text})
            return None

    def boolean(self, column: str) -> bool:
        text = self.get(column).lower()
        if text in TRUE:
            return True
        if text not in FALSE:
            self.error(column, _("'%(v)s' must be 'ja' or 'nej'.") % {"v": self.get(column)})
        return False


APPROVAL_COLUMN = {
    "age_max": "alder_til",
    "valid_to": "gyldig_til",
    "places": "antal_pladser",
    "authority": "tilsyn",
    "child_ref": "barn_ref",
    "approving_municipality": "ansvarlig_kommune",
    "before_final_approval": "foer_endelig_godkendelse",
    "target_groups": "maalgrupper",
}


@dataclass
class _Parsed:
    providers: dict[str, Provider]
    new_provider_ids: list[str]
    places: list[Place]
    approvals: list[Approval]


def validate(rows: list[tuple[int, dict[str, str]]]) -> tuple[_Parsed, list[RowError]]:
    errors: list[RowError] = []
    municipalities = dict(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        .exclude(municipality_code="")
        .values_list("municipality_code", "pk")
    )
    municipality_objects = {
        o.pk: o for o in Organisation.objects.filter(pk__in=municipalities.values())
    }
    existing_providers = {p.registry_id: p for p in Provider.objects.all()}
    place_ids_in_db = set(
        Place.objects.filter(registry_id__in=[v.get("plads_id", "") for _, v in rows]).values_list(
            "registry_id", flat=True
        )
    )
    providers: dict[str, Provider] = {}
    provider_rows: dict[str, int] = {}
    new_ids: list[str] = []
    place_rows: dict[str, int] = {}
    places: list[Place] = []
    approvals: list[Approval] = []
    for number, values in rows:
        row = _Row(number, values, errors)
        provider_id = row.required("tilbud_id")
        name = row.required("tilbud_navn")
        form_text = row.required("tilbudsform")
        form = _by_code_or_label(PlaceForm, form_text) if form_text else None
        if form_text and form is None:
            row.error("tilbudsform", _("'%(v)s' is not a known placement form.") % {"v": form_text})
        postcode = row.required("postnummer")
        if postcode and not postcodes.is_known(postcode):
            row.error("postnummer", _("'%(v)s' is not a Danish postcode.") % {"v": postcode})
        code = row.get("ansvarlig_kommune")
        municipality = None
        if code:
            if code.zfill(3) not in municipalities:
                row.error(
                    "ansvarlig_kommune",
                    _("No municipality with number %(v)s uses the system.") % {"v": code},
                )
            else:
                municipality = municipality_objects[municipalities[code.zfill(3)]]
        # Provider: the first row defines it; later rows must agree.
        provider = None
        if provider_id and name and form is not None:
            if provider_id in providers:
                provider = providers[provider_id]
                if provider.name != name or provider.form != form.value:
                    row.error(
                        "tilbud_id",
                        _(
                            "Provider %(id)s has another name or form on row %(row)d. "
                            "Use one name and form per provider."
                        )
                        % {"id": provider_id, "row": provider_rows.get(provider_id, 0)},
                    )
            elif provider_id in existing_providers:
                provider = existing_providers[provider_id]
                if provider.name != name:
                    row.error(
                        "tilbud_id",
                        _("Provider %(id)s already exists as '%(name)s'.")
                        % {"id": provider_id, "name": provider.name},
                    )
                providers[provider_id] = provider
            else:
                provider = Provider(
                    registry_id=provider_id,
                    name=name[:200],
                    form=form.value,
                    responsible_municipality=municipality
                    if form is PlaceForm.FOSTER_FAMILY
                    else None,
                    postcode=postcode,
                    address=row.get("adresse")[:200],
                    contact_name=row.get("kontaktperson")[:200],
                    contact_email=row.get("email")[:254],
                    contact_phone=row.get("telefon")[:30],
                )
                providers[provider_id] = provider
                provider_rows[provider_id] = number
                new_ids.append(provider_id)
        # Place.
        place_id = row.required("plads_id")
        if place_id in place_rows:
            row.error(
                "plads_id",
                _("Place id %(id)s is also on row %(row)d. Each place id must be unique.")
                % {"id": place_id, "row": place_rows[place_id]},
            )
        elif place_id in place_ids_in_db:
            row.error("plads_id", _("Place id %(id)s already exists.") % {"id": place_id})
        elif place_id:
            place_rows[place_id] = number
        place_name = row.required("plads_navn")
        type_text = row.required("pladstype")
        place_type = _by_code_or_label(PlaceType, type_text) if type_text else None
        if type_text and place_type is None:
            row.error("pladstype", _("'%(v)s' is not a known place type.") % {"v": type_text})
        elif place_type is not None and form is not None and PLACE_FORM[place_type] is not form:
            row.error(
                "pladstype",
                _("The place type '%(t)s' does not belong to the form '%(f)s'.")
                % {"t": type_text, "f": form_text},
            )
        count = row.integer("antal_pladser", 1, 999)
        price_text = row.get("takst").replace(" ", "")
        if "," in price_text:
            # Danish notation: 2.450,50 kr.
            price_text = price_text.replace(".", "").replace(",", ".")
        price = None
        if price_text:
            try:
                price = Decimal(price_text)
                if price < 0:
                    raise InvalidOperation
            except InvalidOperation:
                row.error(
                    "takst", _("'%(v)s' is not an amount, e.g. 2450,50.") % {"v": row.get("takst")}
                )
                price = None
        # Approval.
        authority_text = row.required("tilsyn")
        authority = AUTHORITY_NAMES.get(authority_text.lower()) or (
            Authority(authority_text) if authority_text in Authority.values else None
        )
        if authority_text and authority is None:
            row.error(
                "tilsyn",
                _(
                    "'%(v)s' is not an approving authority: "
                    "write e.g. 'Socialtilsyn Midt' or 'kommune'."
                )
                % {"v": authority_text},
            )
        target_groups = []
        for part in row.get("maalgrupper").replace("|", ",").split(","):
            if part.strip():
                tag = _by_code_or_label(NeedTag, part)
                if tag is None:
                    row.error(
                        "maalgrupper",
                        _("'%(v)s' is not a known target group.") % {"v": part.strip()},
                    )
                else:
                    target_groups.append(tag.value)
        age_min = row.integer("alder_fra", 0, 30)
        age_max = row.integer("alder_til", 0, 30)
        valid_from = row.date("gyldig_fra", required=True)
        valid_to = row.date("gyldig_til", required=False)
        child_ref = None
        if row.get("barn_ref"):
            try:
                child_ref = uuid.UUID(row.get("barn_ref"))
            except ValueError:
                row.error(
                    "barn_ref",
                    _("'%(v)s' is not a child reference (UUID).") % {"v": row.get("barn_ref")},
                )
        flags = {
            "enhanced_supervision": row.boolean("skaerpet_tilsyn"),
            "supervision_order": row.boolean("paabud"),
            "before_final_approval": row.boolean("foer_endelig_godkendelse"),
        }
        if (
            provider is None
            or place_type is None
            or count is None
            or age_min is None
            or age_max is None
            or valid_from is None
            or authority is None
        ):
            continue
        place = Place(
            provider=provider,
            registry_id=place_id[:40],
            name=place_name[:200],
            place_type=place_type.value,
            capacity=count,
            price_per_day=price,
        )
        approval = Approval(
            place=place,
            authority=authority,
            approving_municipality=municipality if authority is Authority.MUNICIPALITY else None,
            target_groups=target_groups,
            age_min=age_min,
            age_max=age_max,
            places=count,
            valid_from=valid_from,
            valid_to=valid_to,
            conditions=row.get("vilkaar"),
            child_ref=child_ref,
            **flags,
        )
        try:
            approval_validate(approval)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    row.error(APPROVAL_COLUMN.get(key, key), message)
            continue
        places.append(place)
        approvals.append(approval)
    return _Parsed(providers, new_ids, places, approvals), errors


# Writing ---------------------------------------------------------------------------------------


def _write(parsed: _Parsed) -> tuple[int, int, int]:
    new = [parsed.providers[i] for i in parsed.new_provider_ids]
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=p.name, kind=OrganisationKind.PROVIDER) for p in new], batch_size=1000
    )
    for provider, organisation in zip(new, organisations, strict=True):
        provider.organisation = organisation
    bulk_create_with_history(new, Provider, batch_size=1000)
    # bulk_create_with_history does not hand back primary keys on every backend: fetch them.
    ids = dict(
        Provider.objects.filter(registry_id__in=parsed.providers).values_list("registry_id", "pk")
    )
    for place in parsed.places:
        place.provider_id = ids[place.provider.registry_id]
    bulk_create_with_history(parsed.places, Place, batch_size=1000)
    place_ids = dict(
        Place.objects.filter(registry_id__in=[p.registry_id for p in parsed.places]).values_list(
            "registry_id", "pk"
        )
    )
    for approval in parsed.approvals:
        approval.place_id = place_ids[approval.place.registry_id]
    bulk_create_with_history(parsed.approvals, Approval, batch_size=1000)
    return len(new), len(parsed.places), len(parsed.approvals)


def providers_import(
    *,
    actor: Any,
    filename: str,
    data: bytes | IO[bytes],
    dry_run: bool = False,
    request: Any = None,
) -> ImportResult:
    """Validate the whole file; write it in one transaction only when no row has an error.

    Raises ImportFileError when the file itself cannot be read.
    """
    table = read_table(filename, data)
    rows = table.rows
    parsed, errors = validate(rows)
    errors = sorted(table.errors + errors, key=lambda e: e.row)
    result = ImportResult(errors=errors, rows=len(rows) + len({e.row for e in table.errors}))
    if errors or dry_run:
        return result
    with transaction.atomic():
        created = _write(parsed)
        data_version_bump()
        access_log_write(
            request=request,
            user=actor,
            action=Action.CREATE,
            object_type="providers.import",
            detail={"file": filename[:200], "rows": len(rows), "created": list(created)},
        )
    result.providers_created, result.places_created, result.approvals_created = created
    result.written = True
    return result


def errors_by_row(errors: Iterable[RowError]) -> list[tuple[int, list[RowError]]]:
    grouped: dict[int, list[RowError]] = {}
    for error in errors:
        grouped.setdefault(error.row, []).append(error)
    return sorted(grouped.items())
