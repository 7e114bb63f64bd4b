"""Form 07 of Appendix I, Circular 03/2025/TT-VPCP (Form 06 of Circular 01/2018/TT-VPCP): the dossier
register (sổ theo dõi hồ sơ).

Every dossier received in a period, in the order received, with the form's columns: no., dossier code,
procedure, number of dossier sets, applicant, address and phone, lead agency, then the dates (received,
appointment, handed to the agency, result or supplement request, returned), the collector's signature
and notes. One list of rows feeds the print-ready page, the PDF and the Excel file, so all three say the
same. Counter staff print their counter's register, an agency's lead their agency's, directors any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from center.roles import user_agency_id
from dossiers.handover import handover_is_late
from dossiers.models import Dossier, DossierPause, Outcome, PauseKind, ReturnMethod
from dossiers.workflow import DossierStatus as S
from monitoring.exports import Table
from monitoring.periods import local_midnight

PERMISSION = "dossiers.print_register"
# A printed register longer than this is refused with a message (a PDF of thousands of pages helps nobody);
# the Excel file takes as many rows as monitoring.exports allows.
PRINT_MAX_ROWS = 3000
# xhtml2pdf lays a table out slowly (some 0.1 s a row on the test machine): a PDF is for a day or a few;
# the page prints a register of any length from the browser.
PDF_MAX_ROWS = 300

COLUMNS = [
    gettext_lazy("No."),
    gettext_lazy("Dossier code"),
    gettext_lazy("Administrative procedure"),
    gettext_lazy("Number of dossier sets"),
    gettext_lazy("Individual or organisation"),
    gettext_lazy("Address, phone"),
    gettext_lazy("Lead agency"),
    gettext_lazy("Dossier received on"),
    gettext_lazy("Appointment to return the result"),
    gettext_lazy("Handed to the agency"),
    gettext_lazy("Result or supplement request"),
    gettext_lazy("Result returned"),
    gettext_lazy("Signature of the recipient"),
    gettext_lazy("Notes"),
]


@dataclass(frozen=True)
class RegisterScope:
    """What the user may print: one counter (counter staff), one agency (its lead), or all (None, None)."""

    counter_id: int | None = None
    agency_id: int | None = None


def register_scope(user) -> RegisterScope:
    """Directors (supervision without an agency) print every register; an agency's lead their agency's;
    counter staff their own counter's. Anyone else is refused."""
    if not user.is_authenticated or not user.has_perm(PERMISSION):
        raise PermissionDenied(_("You are not allowed to print the dossier register."))
    if user.is_superuser:
        return RegisterScope()
    if user.has_perm("monitoring.view_dashboard"):
        return RegisterScope(agency_id=user_agency_id(user))
    profile = getattr(user, "staff_profile", None)
    if profile is None or profile.counter_id is None:
        raise PermissionDenied(_("No counter is assigned to you: ask an administrator to assign one."))
    return RegisterScope(counter_id=profile.counter_id)


def register_dossiers(*, first: dt.date, last: dt.date, counter_id=None, agency_id=None) -> QuerySet[Dossier]:
    """The dossiers received from `first` to `last` (local days, inclusive), in the order received, with
    all the register shows loaded in a fixed number of queries."""
    supplements = DossierPause.objects.filter(kind=PauseKind.SUPPLEMENT).order_by("started_at")
    dossiers = (
        Dossier.objects.filter(
            received_at__gte=local_midnight(first), received_at__lt=local_midnight(last + dt.timedelta(days=1))
        )
        .select_related("procedure", "agency", "counter")
        .prefetch_related(Prefetch("pauses", queryset=supplements, to_attr="supplement_requests"))
        .order_by("received_at", "id")
    )
    if counter_id is not None:
        dossiers = dossiers.filter(counter_id=counter_id)
    if agency_id is not None:
        dossiers = dossiers.filter(agency_id=agency_id)
    return dossiers


@dataclass
class RegisterRow:
    number: int
    dossier: Dossier
    applicant: str
    contact: str
    result_at: dt.datetime | None
    supplement_at: dt.datetime | None
    notes: list[str] = field(default_factory=list)

    def cells(self) -> list:
        """The row as plain values, in COLUMNS order (the Excel file)."""
        d = self.dossier
        return [
            self.number, d.code, d.procedure.name, 1, self.applicant, self.contact, d.agency.name, d.received_at,
            d.due_at, d.handed_over_at, self.result_at or self.supplement_at, d.returned_at, "", "; ".join(self.notes),
        ]  # fmt: skip


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def _notes(d: Dossier, supplement_at) -> list[str]:
    notes = []
    if handover_is_late(handed_over_at=d.handed_over_at, deadline=d.handover_due_at):
        notes.append(_("Handed over late"))
    if supplement_at is not None:
        notes.append(_("Supplement requested on %(date)s") % {"date": _when(supplement_at)})
    if d.extended_due_at:
        notes.append(_("New appointment %(date)s (apology letter)") % {"date": _when(d.extended_due_at)})
    if d.outcome == Outcome.LATE:
        notes.append(_("Result late"))
    if d.status in (S.STOPPED, S.WITHDRAWN):
        notes.append(str(S(d.status).label))
    if d.return_method == ReturnMethod.POST:
        notes.append(_("Returned by public postal service"))
    return notes


def register_rows(dossiers) -> list[RegisterRow]:
    rows = []
    for number, d in enumerate(dossiers, start=1):
        requests = d.supplement_requests
        supplement_at = requests[0].started_at if requests else None
        applicant = d.applicant_name + (f" — {d.applicant_organisation}" if d.applicant_organisation else "")
        contact = ", ".join(part for part in (d.applicant_address, d.applicant_phone) if part)
        notes = _notes(d, supplement_at)
        rows.append(RegisterRow(number, d, applicant, contact, d.result_ready_at, supplement_at, notes))
    return rows


def register_table(rows: list[RegisterRow], *, first: dt.date, last: dt.date) -> Table:
    return Table(
        f"so-theo-doi-ho-so-{first:%Y%m%d}-{last:%Y%m%d}",
        _("Dossier register"),
        [str(c) for c in COLUMNS],
        [row.cells() for row in rows],
    )
