"""Printed slips of a dossier (print-ready HTML and PDF); reprintable at any time by those who see it."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from center.models import AccessPurpose
from center.params import positive_int
from center.privacy import personal_data_access_record, reading_purpose
from dossiers import slips
from dossiers.selectors import dossier_get
from dossiers.slips.pdf import render_pdf


def _context(request, code: str, slug: str, *, pdf: bool) -> dict:
    form = slips.FORMS.get(slug)
    dossier = dossier_get(user=request.user, code=code) if form else None
    if dossier is None:
        raise Http404
    purpose = reading_purpose(request.user, AccessPurpose.SLIP_PRINTING)
    personal_data_access_record(user=request.user, dossier=dossier, purpose=purpose, request=request)
    context = slips.dossier_slip_context(dossier, form, positive_int(request.GET.get("n", "")), pdf=pdf)
    if context is None:
        raise Http404(_("This dossier has no such slip."))
    return context


@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_slip(request, code: str, slug: str):
    context = _context(request, code, slug, pdf=False)
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    context.update(
        pdf_url=reverse("dossier-slip-pdf", args=[code, slug]) + query,
        back_url=reverse("dossier-detail", args=[code]),
        back_label=_("Back to the dossier"),
    )
    return render(request, "dossiers/slips/page.html", context)


@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_slip_pdf(request, code: str, slug: str):
    context = _context(request, code, slug, pdf=True)
    response = HttpResponse(render_pdf("dossiers/slips/pdf.html", context), content_type="application/pdf")
    form = context["form"]
    response["Content-Disposition"] = f'attachment; filename="{code}-mau-{form.number}.pdf"'
    return response
