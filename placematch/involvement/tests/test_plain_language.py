# SPDX-License-Identifier: MPL-2.0
"""Every page a child may see through a link reads at LIX 25 or below, in Danish."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from placematch.involvement import access
from placematch.involvement.access import REASONS

pytestmark = pytest.mark.django_db

BLOCK_END = re.compile(r"</(h1|h2|p|li|label|button|span)>|<br>", re.IGNORECASE)


def visible_text(html: str, start: str, end: str) -> str:
    part = html[html.index(start) : html.index(end, html.index(start))]
    # Scripts, the QR code and the link's address are not prose.
    part = re.sub(
        r'<script.*?</script>|<svg.*?</svg>|<span class="involvement-url">.*?</span>',
        " ",
        part,
        flags=re.DOTALL,
    )
    part = BLOCK_END.sub(". ", part)
    return re.sub(r"<[^>]+>", " ", part)


def lix(text: str) -> float:
    """LIX = words per sentence + percentage of words longer than six letters."""
    words = re.findall(r"[^\W\d_]+", text)
    sentences = [s for s in re.split(r"[.!?:]+", text) if re.search(r"[^\W\d_]", s)]
    long_words = [w for w in words if len(w) > 6]
    return len(words) / len(sentences) + 100 * len(long_words) / len(words)


def test_lix_counts_words_sentences_and_long_words():
    assert lix("Vi kan ikke finde linket. Spørg en voksen.") == pytest.approx(8 / 2 + 0)
    assert lix("Udløbsdatoen overskredet.") == pytest.approx(2 / 1 + 100)


def child_pages(client, issue) -> dict[str, str]:
    """The Danish text of each page a child meets: refusals, PIN, handover instructions."""
    pages: dict[str, str] = {}
    for reason in REASONS:
        response = access.refuse(_request(client), reason)
        html = response.content.decode()
        pages[f"refused:{reason}"] = visible_text(html, "<main", "</main>")
    _link, token = issue(pin="4711")
    client.get(reverse("involvement:open", args=[token]))
    for data in (None, {"pin": "1"}, {"pin": "0000"}):
        response = (
            client.post(reverse("involvement:pin"), data)
            if data
            else client.get(reverse("involvement:pin"))
        )
        pages[f"pin:{data}"] = visible_text(response.content.decode(), "<main", "</main>")
    return pages


def _request(client):
    request = RequestFactory().get("/l/form/")
    request.user = AnonymousUser()
    request.session = client.session
    return request


def test_every_child_facing_page_reads_at_lix_25_or_below(visitor, issue, client_for, caseworker):
    pages = child_pages(visitor, issue)
    handover = client_for(caseworker).post(
        reverse("involvement:issue", args=["test_form", issue()[0].subject_id]),
        {"recipient_label": "Ida", "pin": "2468"},
    )
    pages["handover"] = visible_text(
        handover.content.decode(), '<article class="involvement-handover">', "</article>"
    )
    assert len(pages) == len(REASONS) + 4
    scores = {name: round(lix(text), 1) for name, text in pages.items()}
    assert all(text.strip() for text in pages.values())
    assert max(scores.values()) <= 25, scores
