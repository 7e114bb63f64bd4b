"""Worklists: what each role has to do now, filtered and sorted, at a constant number of queries a page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center import workdays
from center.models import AccessPurpose
from center.privacy import personal_data_shown, reading_purpose
from center.roles import user_agency_id
from dossiers.forms import WorklistFilter
from dossiers.online.selectors import online_check_due
from dossiers.selectors import dossier_list
from dossiers.workflow import CLOCK_PAUSED, OPEN
from dossiers.workflow import DossierStatus as S

PAGE_SIZE = 25


@dataclass(frozen=True)
class Worklist:
    slug: str
    label: str
    statuses: tuple[str, ...]  # empty: every status
    permission: str
    ordering: tuple[str, ...]
    at_my_agency: bool = False  # only dossiers now with the user's agency


WORKLISTS = [
    Worklist(
        "moi-nop", _("Filed online or by post"), (S.SUBMITTED,), "dossiers.receive_dossier", ("submitted_at", "id")
    ),
    Worklist("cho-chuyen", _("Awaiting transfer"), (S.RECEIVED,), "dossiers.receive_dossier", ("received_at", "id")),
    Worklist(
        "dang-xu-ly",
        _("In process at my agency"),
        (S.IN_PROGRESS,),
        "dossiers.process_dossier",
        ("due_at", "id"),
        at_my_agency=True,
    ),
    Worklist(
        "cho-bo-sung",
        _("Awaiting supplements or payment"),
        tuple(CLOCK_PAUSED),
        "dossiers.record_supplement",
        ("due_at", "id"),
    ),
    Worklist("cho-tra", _("Ready to return"), (S.RESULT_READY,), "dossiers.return_dossier", ("result_ready_at", "id")),
    Worklist("tat-ca", _("All dossiers"), (), "dossiers.view_dossier", ("-received_at", "-id")),
]


# Search results, from every tab: the newest first, as the "all dossiers" tab.
SEARCH_ORDERING = ("-received_at", "-id")


def user_worklists(user) -> list[Worklist]:
    return [w for w in WORKLISTS if user.has_perm(w.permission)]


def _condition(worklist: Worklist, user) -> Q:
    condition = Q(status__in=worklist.statuses) if worklist.statuses else Q(pk__isnull=False)
    agency_id = user_agency_id(user)
    if worklist.at_my_agency and agency_id is not None:
        condition &= Q(current_agency_id=agency_id)
    return condition


def _days_left(dossier, now, calendar) -> float | None:
    if dossier.status not in OPEN or dossier.due_at is None:
        return None
    return round(workdays.working_days_left(now, dossier.due_at, calendar), 1)


@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def staff_home(request):
    lists = user_worklists(request.user)
    current = next((w for w in lists if w.slug == request.GET.get("list")), lists[0])
    visible = dossier_list(user=request.user)
    # One query for the counts of every tab.
    counts = visible.aggregate(
        **{w.slug.replace("-", "_"): Count("pk", filter=_condition(w, request.user)) for w in lists}
    )
    # A search looks through every dossier the user may see, not only the current tab: a clerk who types a
    # name or an ID number is looking for that dossier, wherever it stands. The other filters still apply.
    searching = bool(request.GET.get("q", "").strip())
    if searching:
        queryset = visible.order_by(*SEARCH_ORDERING)
    else:
        queryset = visible.filter(_condition(current, request.user)).order_by(*current.ordering)
    # The forecast's risk (monitoring/forecasts) is shown and may sort the list: read in the same query.
    filterset = WorklistFilter(request.GET, queryset=queryset.select_related("forecast"))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now, calendar = timezone.now(), workdays.load_calendar()
    check_due = online_check_due(dossier for dossier in page if dossier.status == S.SUBMITTED)
    for dossier in page:  # an online filing waiting at the counter: by when it must be checked
        dossier.check_due_at = check_due.get(dossier.pk)
    rows = [(dossier, _days_left(dossier, now, calendar)) for dossier in page]
    # The rows show applicants' names, and a search may be by ID number: one insert records them all.
    personal_data_shown(
        user=request.user,
        purpose=reading_purpose(request.user, AccessPurpose.DOSSIER_PROCESSING),
        request=request,
        dossiers=[dossier for dossier, _left in rows],
        search=filterset.form.cleaned_data.get("q") or "",  # what filtered the rows, valid or not the rest
    )
    tabs = [(w, counts[w.slug.replace("-", "_")]) for w in lists]
    return render(
        request,
        "dossiers/staff_home.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "now": now,
            "tabs": tabs,
            "current": current,
            "searching": searching,
            "ordering": request.GET.get("ordering", ""),
        },
    )
