# SPDX-License-Identifier: MPL-2.0
"""Starting cases from the case system's export: upload, preview, confirm (docs/case-import.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from placematch.audit.services import log_child_list
from placematch.children import importing
from placematch.children.forms import CaseImportConfirmForm, CaseImportForm
from placematch.children.importing import CaseImportResult, ImportFileError
from placematch.children.views.common import acting_user, case_route
from placematch.core.idempotency import idempotent, new_key, rejected

# The checked rows wait here between the preview and the confirmation: only the known
# columns, never the rest of the export.
SESSION_KEY = "children_case_import"


def _page(
    request: HttpRequest,
    *,
    form: CaseImportForm,
    result: CaseImportResult | None = None,
    file_error: str = "",
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    grouped: dict[int, list[Any]] = {}
    for error in result.errors if result else []:
        grouped.setdefault(error.row, []).append(error)
    context = {
        "form": form,
        "result": result,
        "grouped": sorted(grouped.items()),
        "file_error": file_error,
        "token": token,
        "columns": importing.COLUMNS,
        "breadcrumbs": [
            (_("Children and cases"), "/children/"),
            (_("Import from the case system"), ""),
        ],
    }
    # A preview or a refused file saves nothing: its one-time key may be used again.
    return rejected(render(request, "children/case_import.html", context, status=status))


@case_route
@require_http_methods(["GET", "POST"])
@idempotent
def case_import(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = CaseImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _page(request, form=form)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    # The stated size first: an oversized file is refused before a byte of it is parsed.
    if upload.size > importing.LAYOUT.max_file_bytes:
        error = _("The file is larger than 20 MB. Split it into smaller files.")
        return _page(request, form=form, file_error=error, status=400)
    try:
        result, rows = importing.cases_check(actor=user, filename=upload.name, data=upload)
    except ImportFileError as error:
        return _page(request, form=form, file_error=str(error), status=400)
    if result.existing_child_ids:
        log_child_list(request, result.existing_child_ids)
    if result.errors:
        request.session.pop(SESSION_KEY, None)
        return _page(request, form=form, result=result, status=400)
    token = new_key()
    request.session[SESSION_KEY] = {"token": token, "file": upload.name[:200], "rows": rows}
    return _page(request, form=CaseImportForm(), result=result, token=token)


@case_route
@require_POST
@idempotent
def case_import_confirm(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = CaseImportConfirmForm(request.POST)
    stored = request.session.get(SESSION_KEY)
    if not form.is_valid() or not stored or stored.get("token") != form.cleaned_data["token"]:
        error = _(
            "The checked file is no longer waiting to be imported (it was imported, or another "
            "file was checked since). Choose the file and check it again."
        )
        return _page(request, form=CaseImportForm(), file_error=error, status=400)
    rows = [(int(number), dict(values)) for number, values in stored["rows"]]
    result = importing.cases_import(
        actor=user, filename=stored["file"], rows=rows, dry_run=False, request=request
    )
    if result.errors:
        request.session.pop(SESSION_KEY, None)
        return _page(request, form=CaseImportForm(), result=result, status=400)
    request.session.pop(SESSION_KEY, None)
    created, skipped = len(result.new), len(result.existing)
    messages.success(
        request,
        ngettext(
            "%(n)d child and case was created from the file.",
            "%(n)d children and cases were created from the file.",
            created,
        )
        % {"n": created}
        + " "
        + ngettext(
            "%(n)d case number already existed and was skipped.",
            "%(n)d case numbers already existed and were skipped.",
            skipped,
        )
        % {"n": skipped},
    )
    return redirect("children:case_list")
