# SPDX-License-Identifier: MPL-2.0
"""PDF documents: one renderer and one page frame (``pdf/base.html``) for every app.

WeasyPrint turns the HTML into a PDF; the same HTML gives the same bytes (no clock, no random
id), so a frozen record renders the same document next year. The fonts come from the vendored
DKFDS package (IBM Plex Sans).
"""

from __future__ import annotations

from django.contrib.staticfiles import finders

FONT = "vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-{}.ttf"


def font_url(weight: str) -> str:
    path = finders.find(FONT.format(weight))
    return f"file://{path}" if isinstance(path, str) else ""


def fonts() -> dict[str, str]:
    """The template context ``pdf/base.html`` reads its fonts from."""
    return {"font_regular": font_url("Regular"), "font_bold": font_url("Bold")}


def render_pdf(html: str) -> bytes:
    """The PDF of a document."""
    from weasyprint import HTML  # imported here: it loads Pango, which only documents need

    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def warm_up() -> None:
    """Load WeasyPrint, the fonts, the page frame and the Danish catalogue once, in advance.

    The first PDF a process renders pays for all of these (over ten seconds on a busy
    machine); the task worker does it at start, so the first decision's PDFs come as quickly
    as the later ones.
    """
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("da"):
        render_pdf(render_to_string("pdf/base.html", fonts()))
