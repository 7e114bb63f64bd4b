"""The directors' periodic reports page: every version of every report, its files, what changed; and the
request to make a closed period's report again (the next version)."""

from __future__ import annotations

import datetime as dt
import functools
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from center.db_router import replica_view
from center.errors import DomainError
from monitoring import tasks
from monitoring.models import PeriodicReport, ReportKind
from monitoring.reports.render import period_title
from monitoring.reports.services import change_lines, report_file, report_period
from monitoring.selectors.scope import dashboard_agency_id
from monitoring.views.common import dashboard_required

PAGE_SIZE = 30  # periods per page


def directors_only(view):
    """The center's reports are for its directors (the dashboard's permission, no agency of their own)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if dashboard_agency_id(request.user) is not None:
            raise PermissionDenied(_("The center's periodic reports are for its directors."))
        return view(request, *args, **kwargs)

    return dashboard_required(wrapper)


@directors_only
@replica_view
def report_list(request):
    # Not the figures (the files hold them): a page of periods stays small however many years are kept.
    reports = (
        PeriodicReport.objects.select_related("created_by").defer("figures").order_by("-first", "kind", "-version")
    )
    periods = [
        {"kind": kind, "first": first, "versions": list(versions)}
        for (kind, first), versions in groupby(reports, key=lambda r: (r.kind, r.first))
    ]
    page = Paginator(periods, PAGE_SIZE).get_page(request.GET.get("page"))
    for period in page:
        latest = period["versions"][0]
        period["title"] = period_title(
            {"period": {"kind": latest.kind, "first": str(latest.first), "last": str(latest.last)}}
        )
        period["kind_label"] = ReportKind(period["kind"]).label
        period["lines"] = [(report, change_lines(report)) for report in period["versions"]]
    return render(request, "monitoring/reports.html", {"page": page})


@directors_only
@replica_view
def report_download(request, pk: int, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    report = get_object_or_404(PeriodicReport, pk=pk)
    try:
        name, content, mimetype = report_file(report=report, fmt=fmt)
    except DomainError as error:
        return render(request, "monitoring/reports.html", {"page": None, "error": error.message}, status=409)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@directors_only
def report_again(request):
    """Make a closed period's report again: the work is queued, the new version appears here and is e-mailed."""
    try:
        first = dt.date.fromisoformat(request.POST.get("first", ""))
        period = report_period(kind=request.POST.get("kind", ""), first=first)
    except (ValueError, DomainError):
        messages.error(request, _("There is no such reporting period."))
        return redirect("monitoring-reports")
    if period.end > timezone.now():
        messages.error(request, _("A report is made only once its period has ended."))
        return redirect("monitoring-reports")
    tasks.periodic_report_again_task.delay(period.kind, period.first.isoformat(), request.user.pk)
    messages.success(
        request, _("The report is being made again; its new version will be listed here and e-mailed to the directors.")
    )
    return redirect("monitoring-reports")
