"""The lists behind the numbers (drill-down), the overdue list and the alert inbox, with exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from center import workdays
from center.db_router import replica_view
from center.errors import DomainError
from center.params import next_url
from center.people import full_name
from dossiers.workflow import CLOCK_RUNNING
from monitoring import exports
from monitoring.exports import Table
from monitoring.forms import AlertFilterForm, DossierListForm
from monitoring.metrics import DEFINITIONS, LABELS
from monitoring.models import Alert, AlertKind
from monitoring.selectors.lists import alert_list, dossier_metric_list, overdue_list
from monitoring.selectors.scope import dashboard_agency_id
from monitoring.services import alert_acknowledge
from monitoring.thresholds import working_days_late
from monitoring.views.common import (
    dashboard_required,
    export_about,
    export_links,
    filter_form,
    filter_params,
    scope_from,
    url_with,
    wants_export,
)
from procedures.models import Procedure

PAGE_SIZE = 50


def _dossier_table(name: str, title: str, dossiers, calendar, now) -> Table:
    def rows():
        for d in dossiers.iterator(chunk_size=2000):
            late = working_days_late(d.due_at, now, calendar) if d.due_at and d.status in CLOCK_RUNNING else None
            yield [
                d.code, d.procedure.code, d.procedure.name, d.agency.code, d.get_status_display(),
                d.get_channel_display(), d.received_at, d.due_at, d.result_ready_at, d.get_outcome_display(), late,
            ]  # fmt: skip

    columns = [
        _("Code"), _("Procedure code"), _("Procedure"), _("Agency"), _("Status"), _("Channel"), _("Received at"),
        _("Due at"), _("Result ready at"), _("Early, on time or late"), _("Working days late"),
    ]  # fmt: skip
    return Table(name, title, columns, rows)


@dashboard_required
@replica_view
def dossier_list(request):
    """Exactly the dossiers behind a number of the dashboard: same filters, same definition."""
    form = filter_form(request, DossierListForm)
    if not form.is_valid():
        return render(request, "monitoring/dossier_list.html", {"form": form, "page": None}, status=400)
    procedure = None
    code = form.cleaned_data.get("procedure")
    if code:
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            form.add_error("procedure", _("No procedure has this code."))
            return render(request, "monitoring/dossier_list.html", {"form": form, "page": None}, status=400)
    scope = scope_from(form, request.user, procedure_id=procedure.pk if procedure else None)
    metric = form.cleaned_data["metric"]
    params = {**filter_params(form), "metric": metric, **({"procedure": procedure.code} if procedure else {})}
    context = {
        "form": form,
        "metric": metric,
        "metric_label": LABELS[metric],
        "definition": DEFINITIONS.get(metric, ""),
        "procedure": procedure,
        "back": url_with("monitoring-dashboard", filter_params(form)),
    }
    return _listing(
        request, "monitoring/dossier_list.html", dossier_metric_list(scope, metric), scope,
        (f"dossiers-{metric}", str(LABELS[metric]), params), context,
    )  # fmt: skip


@dashboard_required
@replica_view
def overdue(request):
    """Open dossiers past their deadline, the longest overdue first, with working days late."""
    form = filter_form(request)
    scope = scope_from(form, request.user)
    export = ("overdue", _("Overdue dossiers"), filter_params(form))
    return _listing(request, "monitoring/overdue.html", overdue_list(scope), scope, export, {"form": form})


def _listing(request, template: str, dossiers, scope, export: tuple[str, str, dict], context: dict):
    """A page of dossiers with their working days late, or (?export=…) all of them as CSV or Excel."""
    name, title, params = export
    calendar = workdays.load_calendar()
    wanted = wants_export(request)
    if wanted:
        extra = [(_("Procedure"), f"{p.code} {p.name}", p.code) for p in [context.get("procedure")] if p]
        about = export_about(context["form"], scope, *extra)
        return exports.export_response(_dossier_table(name, title, dossiers, calendar, scope.now), wanted[1], about)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(d, working_days_late(d.due_at, scope.now, calendar) if d.status in CLOCK_RUNNING else None) for d in page]
    links = export_links(request.path, params, name)
    return render(request, template, {**context, "page": page, "rows": rows, "scope": scope, "exports": links})


def _alert_table(alerts) -> Table:
    def rows():
        for a in alerts.iterator(chunk_size=2000):
            who = full_name(a.acknowledged_by)
            yield [
                a.get_kind_display(), a.dossier.code, a.dossier.procedure.name, a.agency.code, a.due_at, a.raised_at,
                a.dossier.get_status_display(), who, a.acknowledged_at,
            ]  # fmt: skip

    columns = [
        _("Kind"), _("Dossier"), _("Procedure"), _("Agency"), _("Due at"), _("Raised at"), _("Status now"),
        _("Acknowledged by"), _("Acknowledged at"),
    ]  # fmt: skip
    return Table("alerts", _("Alerts"), columns, rows)


@dashboard_required
def alert_inbox(request):
    form = AlertFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    state = data.get("state") or "open"
    alerts = alert_list(
        agency_id=dashboard_agency_id(request.user),
        kind=data.get("kind") or "",
        is_open={"open": True, "done": False}.get(state),
    )
    params = {"kind": data.get("kind") or "", "state": state}
    if wants_export(request):
        chosen = [(_("State"), str(dict(form.fields["state"].choices).get(state, state)))]
        chosen += [(_("Kind"), str(AlertKind(data["kind"]).label))] if data.get("kind") else []
        about = exports.About(filters=tuple(chosen), slug="_".join(v for v in (state, data.get("kind")) if v))
        return exports.export_response(_alert_table(alerts), wants_export(request)[1], about)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/alerts.html",
        {"form": form, "page": page, "state": state, "exports": export_links(request.path, params, "alerts")},
        status=200 if valid else 400,
    )


@require_POST
@dashboard_required
def alert_ack(request, pk: int):
    alert = get_object_or_404(Alert, pk=pk)
    try:
        alert_acknowledge(alert=alert, by=request.user)
    except DomainError as error:
        if error.http_status == 403:
            raise PermissionDenied(str(error.message)) from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Alert on dossier %(code)s acknowledged.") % {"code": alert.dossier.code})
    return redirect(next_url(request, url_with("monitoring-alerts", {})))
