# SPDX-License-Identifier: MPL-2.0
"""evaluation: the export page: a team leader picks recipient, period and format, and downloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role
from placematch.evaluation.export import ExportError, Month, export_create
from placematch.evaluation.export_files import CSV, write_csv_zip, write_xlsx
from placematch.evaluation.forms_export import ExportForm
from placematch.evaluation.models import ExportRecipient

CONTENT_TYPES = {
    CSV: "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUFFIX = {CSV: "csv.zip", "xlsx": "xlsx"}


def _initial(organisation_id: int) -> dict[str, Any]:
    """Last calendar year (what a yearly report covers), and the recipient if there is one."""
    year = timezone.localdate().year - 1
    initial: dict[str, Any] = {"first": str(Month(year, 1)), "last": str(Month(year, 12))}
    recipients = list(
        ExportRecipient.objects.filter(organisation_id=organisation_id, is_active=True)[:2]
    )
    if len(recipients) == 1:
        initial["recipient"] = recipients[0].pk
    return initial


@municipality_route(Role.TEAM_LEADER)
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """The form; a valid POST answers with the file and writes the access-log row."""
    user: Any = request.user
    organisation = user.organisation_id
    if request.method != "POST":
        form = ExportForm(initial=_initial(organisation), organisation_id=organisation)
        return _page(request, form)
    form = ExportForm(request.POST, organisation_id=organisation)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    recipient: ExportRecipient = data["recipient"]
    try:
        made = export_create(
            user=user,
            recipient=recipient,
            first=data["first"],
            last=data["last"],
            file_format=data["file_format"],
            request=request,
        )
    except ExportError as refused:
        form.add_error(refused.field, refused.message)
        return _page(request, form, status=400)
    fmt = data["file_format"]
    body = write_csv_zip(made) if fmt == CSV else write_xlsx(made)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"evaluering-{made.municipality}-{recipient.code}-{made.first}-{made.last}.{SUFFIX[fmt]}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(request: HttpRequest, form: ExportForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "has_recipients": form.fields["recipient"].queryset.exists(),  # type: ignore[attr-defined]
        "breadcrumbs": [(_("Export for the national evaluation"), "")],
    }
    return render(request, "evaluation/export.html", context, status=status)
