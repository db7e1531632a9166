# SPDX-License-Identifier: MPL-2.0
"""accounts: django admin registrations (superusers only): identity providers, their rules and the
links of accounts to the subjects those providers sign in."""

from __future__ import annotations

from django.contrib import admin

from placematch.accounts.models import ClaimRoleRule, ExternalIdentity, IdentityProvider


class ClaimRoleRuleInline(admin.TabularInline):
    model = ClaimRoleRule
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "issuer", "is_active")
    inlines = [ClaimRoleRuleInline]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Links an existing account to a provider's subject, so its next sign-in finds it."""

    list_display = ("user", "provider", "subject", "created_at")
    list_filter = ("provider",)
    search_fields = ("user__username", "subject")
    raw_id_fields = ("user",)
