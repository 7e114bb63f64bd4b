"""The dossier register (Form 07): a print-ready page, its PDF and its Excel file, for one period.

It shows applicants' names, addresses and phones: each showing is recorded (center/privacy.py) and the
responses are never cached."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from center.models import AccessPurpose
from center.privacy import personal_data_shown
from dossiers import register
from dossiers.register.forms import RegisterForm
from dossiers.slips import letterhead
from dossiers.slips.pdf import render_pdf
from monitoring import exports


@never_cache
@login_required
def dossier_register(request, fmt: str = "html"):
    scope = register.register_scope(request.user)
    # What the query leaves out (e.g. a link with only ?agency=) takes the defaults: this month so far.
    form = RegisterForm({**RegisterForm.default_data(scope), **request.GET.dict()}, scope=scope)
    context = {"form": form, "rows": None}
    if not form.is_valid():
        return render(request, "dossiers/register/page.html", context, status=400)
    filters = form.filters(scope)
    dossiers = register.register_dossiers(**filters)
    limit = register.PDF_MAX_ROWS if fmt == "pdf" else register.PRINT_MAX_ROWS
    if fmt != "xlsx" and (count := dossiers.count()) > limit:
        form.add_error(
            None,
            _(
                "The register of this period has %(count)s dossiers, more than %(max)s can be printed at once: "
                "choose a shorter period, a counter or an agency, or download the Excel file."
            )
            % {"count": count, "max": limit},
        )
        return render(request, "dossiers/register/page.html", {**context, "too_many": True}, status=400)
    rows = register.register_rows(dossiers)
    personal_data_shown(
        user=request.user, dossiers=[row.dossier for row in rows], purpose=AccessPurpose.REGISTER, request=request
    )
    if fmt == "xlsx":
        table = register.register_table(rows, first=filters["first"], last=filters["last"])
        return exports.xlsx_response(table, _about(form, filters))
    context.update(_sheet(form, filters, rows))
    if fmt == "pdf":
        response = HttpResponse(render_pdf("dossiers/register/pdf.html", context), content_type="application/pdf")
        name = f"so-theo-doi-ho-so-{filters['first']:%Y%m%d}-{filters['last']:%Y%m%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = request.GET.urlencode()
    context.update(
        pdf_url=reverse("dossier-register-pdf") + (f"?{query}" if query else ""),
        xlsx_url=reverse("dossier-register-xlsx") + (f"?{query}" if query else ""),
    )
    return render(request, "dossiers/register/page.html", context)


def _about(form: RegisterForm, filters: dict) -> exports.About:
    """The Excel file's heading: the period (already in the table's name) and the counter or agency."""
    data = form.cleaned_data
    chosen = [(_("Counter"), data["counter"].name, f"quay-{data['counter'].number}")] if data.get("counter") else []
    chosen += [(_("Agency"), data["agency"].name, data["agency"].code)] if data.get("agency") else []
    return exports.About(
        period=f"{filters['first']:%d/%m/%Y} – {filters['last']:%d/%m/%Y}",
        filters=tuple((label, value) for label, value, _part in chosen),
        slug="_".join(part for _l, _v, part in chosen),
    )


def _sheet(form: RegisterForm, filters: dict, rows) -> dict:
    data = form.cleaned_data
    return {
        "rows": rows,
        # Column widths (%) of the printed form: the dates take 5 x 6 %, the texts the rest.
        "head": list(zip(register.COLUMNS[:7], [3, 10, 13, 4, 9, 8, 8], strict=True)),
        "dates": register.COLUMNS[7:12],
        "tail": list(zip(register.COLUMNS[12:], [5, 10], strict=True)),
        "center": letterhead(),
        "first": filters["first"],
        "last": filters["last"],
        "counter": data.get("counter") if filters["counter_id"] else None,
        "agency": data.get("agency") if filters["agency_id"] else None,
    }
