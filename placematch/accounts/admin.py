# SPDX-License-Identifier: MPL-2.0
"""accounts: django admin registrations (superusers only): identity providers and their rules."""

from __future__ import annotations

from django.contrib import admin

from placematch.accounts.models import ClaimRoleRule, IdentityProvider


class ClaimRoleRuleInline(admin.TabularInline):
    model = ClaimRoleRule
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "issuer", "is_active")
    inlines = [ClaimRoleRuleInline]
