# SPDX-License-Identifier: MPL-2.0
"""Template tag that lists the case tabs other apps registered."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from placematch.children.case_tabs import tabs

register = template.Library()


@register.simple_tag
def extra_case_tabs(case: Any, page: str) -> list[dict[str, Any]]:
    return [
        {
            "label": tab.label(),
            "url": reverse(tab.url_name, args=[case.pk]),
            "current": page == tab.key,
        }
        for tab in tabs()
    ]
