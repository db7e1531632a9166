# SPDX-License-Identifier: MPL-2.0
"""evaluation: django admin registrations (superusers only): who may receive the export."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from placematch.evaluation.models import ExportRecipient


@admin.register(ExportRecipient)
class ExportRecipientAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "organisation", "is_active")
    list_filter = ("is_active", "organisation")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The code keys the recipient's pseudonyms: fixed once the recipient exists.
        return ("code", "organisation") if obj is not None else ()
