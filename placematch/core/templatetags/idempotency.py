# SPDX-License-Identifier: MPL-2.0
"""The hidden one-time submission key every create form carries."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from placematch.core.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag
def submission_key() -> SafeString:
    """A new key on every render, so a form shown again after a save is a new submission."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
