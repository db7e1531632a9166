# SPDX-License-Identifier: MPL-2.0
"""outbox: django admin registrations (superusers only), read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from placematch.outbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    # The text may hold a link's address or a PIN until it is sent, so it is never shown here.
    list_display = ("kind", "channel", "status", "attempts", "organisation", "created_at")
    list_filter = ("status", "channel", "kind")
    exclude = ("body", "recipient")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
