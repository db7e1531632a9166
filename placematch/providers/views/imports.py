# SPDX-License-Identifier: MPL-2.0
"""providers: the import page for municipal admins."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from placematch.accounts.access import municipality_route
from placematch.accounts.models import Role
from placematch.core.idempotency import idempotent, rejected
from placematch.providers.forms import ImportForm
from placematch.providers.import_files import MAX_FILE_BYTES
from placematch.providers.importing import (
    COLUMNS,
    ImportFileError,
    ImportResult,
    errors_by_row,
    providers_import,
)


@municipality_route(Role.ADMIN)
@idempotent
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # The stated size first: an oversized file is refused before a byte of it is parsed.
        if upload.size > MAX_FILE_BYTES:
            file_error = _("The file is larger than 20 MB. Split it into smaller files.")
        else:
            try:
                # The upload itself, not its bytes: the import reads it one row at a time.
                result = providers_import(
                    actor=request.user,
                    filename=upload.name,
                    data=upload,
                    dry_run=form.cleaned_data["dry_run"],
                    request=request,
                )
            except ImportFileError as error:
                file_error = str(error)
    context = {
        "form": form,
        "result": result,
        "grouped": errors_by_row(result.errors) if result else [],
        "file_error": file_error,
        "columns": COLUMNS,
    }
    response = render(request, "providers/import.html", context)
    # Only a written import is done; a dry run or a refused file may be sent again as it is.
    return response if result is not None and result.written else rejected(response)
