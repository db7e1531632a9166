# SPDX-License-Identifier: MPL-2.0
"""audit: a read-only, searchable, paginated admin page for the access log."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from placematch.audit.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ("time", "username", "action", "object_type", "object_id", "subject_id", "route")
    list_filter = ("action", "object_type", "subject_type")
    search_fields = ("=subject_id", "=object_id", "username")
    date_hierarchy = "time"
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
