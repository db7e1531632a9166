# SPDX-License-Identifier: MPL-2.0
"""involvement: django admin registrations (superusers only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from placematch.involvement.models import SecureLink


@admin.register(SecureLink)
class SecureLinkAdmin(admin.ModelAdmin):
    # Read-only: links are made and closed through the case pages, which write the audit log.
    list_display = (
        "form_key",
        "subject_id",
        "organisation",
        "created_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("form_key",)
    exclude = ("token_hash", "pin_hash")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
