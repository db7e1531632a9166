# SPDX-License-Identifier: MPL-2.0
"""The data subject's access report (GDPR art. 15): the page that lists it, and the PDF."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from placematch.audit.models import Action
from placematch.audit.services import CHILD_SUBJECT, access_log_write
from placematch.children import access_report
from placematch.children.views.common import case_context, case_route, load_case
from placematch.core.pdf import fonts, render_pdf

LANGUAGE = "da"  # the report goes to a citizen in Danish


@case_route
@require_safe
def access_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """Whom a report can be made for: the child and each person around the child."""
    case = load_case(request, pk)
    people = list(case.child.persons.all())
    context = case_context(case, "access_report", _("Access reports"))
    context["subjects"] = [access_report.subject_for(case)] + [
        access_report.subject_for(case, person) for person in people
    ]
    return render(request, "children/access_reports.html", context)


@case_route
@require_safe
def access_report_pdf(request: HttpRequest, pk: int, person: int | None = None) -> HttpResponse:
    """The report for the child (no ``person``) or one person around the child, as a PDF."""
    case = load_case(request, pk)
    subject_person = None
    if person is not None:
        subject_person = case.child.persons.filter(pk=person).first()
        if subject_person is None:
            raise Http404
    subject = access_report.subject_for(case, subject_person)
    report = access_report.build(subject)
    with translation.override(LANGUAGE):
        html = render_to_string(
            "children/pdf/access_report.html",
            {
                "report": report,
                "footer_note": _("Confidential: personal data about %(name)s")
                % {"name": subject.name},
                **fonts(),
            },
        )
    pdf = render_pdf(html)
    about = subject_person.pk if subject_person is not None else None
    access_log_write(
        request=request, action=Action.EXPORT, obj=subject_person or case.child,
        subject_type=CHILD_SUBJECT, subject_id=case.child_id,
        detail={"document": "access_report", "person": about},
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    name = f"indsigt-{'person-' + str(person) if person else 'barn'}-{case.pk}-{stamp}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
