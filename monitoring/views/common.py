"""What every supervision page shares: who may see it, the filters turned into a Scope, links."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from center import workdays
from counters.models import Site
from dossiers.models import Channel
from monitoring import exports
from monitoring.forms import SupervisionFilterForm
from monitoring.metrics import Scope
from monitoring.selectors.scope import can_view_dashboard, dashboard_agency_id, dashboard_site_id
from monitoring.thresholds import near_due_until
from procedures.models import Agency


def dashboard_required(view):
    """Directors and agency leads (permission monitoring.view_dashboard); others get 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_view_dashboard(request.user):
            raise PermissionDenied(_("Only the center's directors and agency leads see supervision."))
        return view(request, *args, **kwargs)

    return wrapper


def filter_form(request, form_class=SupervisionFilterForm, **kwargs):
    """The filter form, limited to the user's own agency for an agency's lead.

    A lead who asks for another agency is refused (403) rather than silently shown their own.
    """
    own = dashboard_agency_id(request.user)
    agencies = Agency.objects.filter(pk=own) if own is not None else Agency.objects.all()
    wanted = request.GET.get("agency", "")
    if own is not None and wanted and not agencies.filter(code=wanted).exists():
        raise PermissionDenied(_("You can only see your own agency."))
    own_site = dashboard_site_id(request.user)
    sites = Site.objects.filter(pk=own_site) if own_site is not None else Site.objects.all()
    wanted_site = request.GET.get("site", "")
    if own_site is not None and wanted_site and not sites.filter(code=wanted_site).exists():
        raise PermissionDenied(_("You can only see your own site."))
    return form_class(request.GET or None, agencies=agencies, sites=sites, **kwargs)


def scope_from(form, user, *, now=None, procedure_id=None) -> Scope:
    """The Scope of a valid form, or of the defaults (this month, everything allowed) if it is not."""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
    else:
        default = SupervisionFilterForm({})
        default.is_valid()
        data = default.cleaned_data
    now = now or timezone.now()
    agency, site = data.get("agency"), data.get("site")
    own, own_site = dashboard_agency_id(user), dashboard_site_id(user)
    return Scope(
        period=data["period_obj"],
        now=now,
        near_due_until=near_due_until(now, workdays.load_calendar()),
        agency_id=own if own is not None else (agency.pk if agency else None),
        field_id=data["field"].pk if data.get("field") else None,
        channel=data.get("channel") or "",
        procedure_id=procedure_id,
        site_id=own_site if own_site is not None else (site.pk if site else None),
    )


def filter_params(form) -> dict[str, str]:
    """The query-string of the current filters (period, agency, field, channel) for links and exports."""
    if not (form.is_bound and form.is_valid()):
        form = SupervisionFilterForm({})
        form.is_valid()
    data = form.cleaned_data
    params = dict(data["period_obj"].params())
    for name in ("agency", "field", "site"):
        if data.get(name):
            params[name] = data[name].code
    if data.get("channel"):
        params["channel"] = data["channel"]
    return params


def export_about(form, scope: Scope, *extra: tuple[str, str, str]) -> exports.About:
    """The heading and file name of a download of a supervision page: its period and its filters
    (agency, field, channel, then `extra` (label, value, file-name part) such as the list's metric)."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen = []
    if scope.agency_id:
        agency = Agency.objects.get(pk=scope.agency_id)
        chosen.append((_("Agency"), agency.name, agency.code))
    if data.get("field"):
        chosen.append((_("Field"), data["field"].name, data["field"].code))
    if scope.channel:
        chosen.append((_("Channel"), str(Channel(scope.channel).label), scope.channel))
    chosen += extra
    return exports.About(
        period=scope.period.label,
        filters=tuple((label, value) for label, value, _part in chosen),
        slug="_".join([scope.period.slug, *[part for _l, _v, part in chosen if part]]),
    )


def url_with(name: str, params: dict, *args, **extra) -> str:
    query = {k: v for k, v in {**params, **extra}.items() if v not in (None, "")}
    return _path(name, args, get_script_prefix(), get_urlconf()) + ("?" + urlencode(query) if query else "")


@functools.lru_cache(maxsize=1024)
def _path(name: str, args: tuple, _prefix: str, _urlconf) -> str:
    """reverse(), once per name, arguments, script prefix and URLconf: a dashboard links every number it
    shows (a few hundred links to the same two or three views)."""
    return reverse(name, args=args)


def metric_link(params: dict, metric: str, **extra) -> str:
    return url_with("monitoring-dossiers", params, metric=metric, **extra)


def wants_export(request) -> tuple[str, str] | None:
    """(table, format) when the request asks for a download (?export=<table>&format=csv|xlsx)."""
    table = request.GET.get("export", "")
    if not table:
        return None
    fmt = request.GET.get("format", "xlsx")
    return (table, fmt if fmt in exports.FORMATS else "xlsx")


def export_links(path: str, params: dict, table: str) -> dict[str, str]:
    """{"xlsx": url, "csv": url} downloading `table` of the page at `path` with the same filters."""
    return {fmt: f"{path}?{urlencode({**params, 'export': table, 'format': fmt})}" for fmt in exports.FORMATS}
