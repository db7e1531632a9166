# SPDX-License-Identifier: MPL-2.0
"""Small readers for the match pages' HTML, so tests can say what a user sees."""

from __future__ import annotations

import html
import re

from django.test import Client
from django.urls import reverse

from placematch.matching.models import MatchRun

CANDIDATES = re.compile(r'<ol class="nobullet-list matching-candidates">.*?</ol>', re.S)
NAME = re.compile(r'<span class="matching-rank">(\d+)\.</span> ([^<]+?)(?: <span|</h3>)')


def page(client: Client, name: str, run: MatchRun, query: str = "") -> tuple[int, str]:
    response = client.get(reverse(name, args=[run.pk]) + (f"?{query}" if query else ""))
    return response.status_code, response.content.decode()


def candidate_block(text: str) -> str:
    """The ranked list exactly as rendered ("" when the page lists no place)."""
    found = CANDIDATES.search(text)
    return found.group(0) if found else ""


def ranked_names(text: str) -> list[str]:
    """The places' names in the order the page lists them."""
    return [html.unescape(name) for _rank, name in NAME.findall(candidate_block(text))]


def candidate_items(text: str) -> list[str]:
    """One HTML chunk per listed place, in the page's order."""
    return candidate_block(text).split('<li class="matching-candidate">')[1:]


def plain(text: str) -> str:
    """The page's text without tags and with entities resolved, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
