"""The public catalogue: one search box, browsing by agency and by field, and the procedure page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from center import workdays
from procedures.filters import ProcedureFilter
from procedures.models import Agency, Field, OnlineLevel
from procedures.search import fold
from procedures.selectors import (
    agency_catalogue,
    catalogue_totals,
    field_catalogue,
    procedure_close_matches,
    procedure_detail,
    procedure_list,
)

BROWSE_PARAMS = ("agency", "field", "level")


def _by_name(rows) -> list:
    """Alphabetical as a reader expects ("Đất đai" among the D's), whatever the database collation."""
    return sorted(rows, key=lambda row: fold(row.name))


def home(request):
    """Search (accents optional) and browse; without a search or a choice, the lists to browse."""
    q = request.GET.get("q", "").strip()[:200]
    params = {name: request.GET.get(name, "").strip()[:40] for name in BROWSE_PARAMS}
    filterset = ProcedureFilter(params, queryset=procedure_list(q=q))
    chosen_agency = Agency.objects.filter(code=params["agency"]).first() if params["agency"] else None
    chosen_field = Field.objects.filter(code=params["field"]).first() if params["field"] else None
    searching = bool(q or any(params.values()))
    context = {
        "q": q,
        "params": params,
        "searching": searching,
        "chosen_agency": chosen_agency,
        "chosen_field": chosen_field,
        "chosen_level": OnlineLevel(params["level"]).label if params["level"] in OnlineLevel.values else "",
        "totals": catalogue_totals(),
    }
    if searching:
        queryset = filterset.qs.order_by("name", "code")
        if q and not queryset.exists():
            # Nothing has every word: offer what has most of them rather than an empty page.
            close = ProcedureFilter(params, queryset=procedure_close_matches(q=q)).qs
            if close.exists():
                queryset, context["close_matches"] = close, True
        context["page"] = Paginator(queryset, 20).get_page(request.GET.get("page"))
        if chosen_agency is not None and not chosen_field:
            context["agency_fields"] = _by_name(field_catalogue(agency=chosen_agency))
    else:
        context["agencies"] = _by_name(agency_catalogue())
        context["fields"] = _by_name(field_catalogue())
    return render(request, "procedures/home.html", context)


def procedure_detail_page(request, code: str):
    procedure = procedure_detail(code=code)
    if procedure is None:
        raise Http404
    now = timezone.now()
    calendar = workdays.load_calendar()
    context = {
        "procedure": procedure,
        "today": timezone.localdate(now),
        "today_is_working_day": calendar.is_working_day(timezone.localdate(now)),
        # The date a dossier received now would be due (center/workdays.py: the only calendar).
        "due_if_filed_now": workdays.add_working_days(now, procedure.processing_days, calendar),
        "counters": procedure.agency.active_counters,
    }
    return render(request, "procedures/detail.html", context)
