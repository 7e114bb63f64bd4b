"""Making, keeping and sending the periodic reports (monthly, quarterly, yearly).

A report is made once its period has closed (Celery beat, every night: `periodic_reports_due`), written
once and never changed: its figures, its XLSX and PDF with their SHA-256. Making it again (a director's
request, after late corrections) writes the next version beside it with what changed against the one
before. Each new version is e-mailed to the center's directors, files attached, through the outbox (sent
once, retried while the mail server refuses it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from center.db_router import replica_reads
from center.errors import InvalidInput
from monitoring.models import OutboxChannel, OutboxMessage, PeriodicReport, ReportKind
from monitoring.periods import Period, add_months, month_period, quarter_period_of, year_period
from monitoring.reports.figures import COLUMNS, figure_changes, report_figures
from monitoring.reports.render import period_title, render_report_pdf, render_xlsx
from monitoring.services.outbox import outbox_enqueue
from monitoring.services.recipients import staff_directory

log = logging.getLogger("monitoring.reports")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


class ReportError(InvalidInput):
    pass


def closed_periods(today: dt.date) -> list[Period]:
    """The latest closed month, quarter and year on `today` (local)."""
    this_month = today.replace(day=1)
    last_month = add_months(this_month, -1)
    last_quarter = add_months(quarter_period_of(today).first, -3)
    return [
        month_period(last_month),
        quarter_period_of(last_quarter),
        year_period(today.year - 1),
    ]


def report_period(*, kind: str, first: dt.date) -> Period:
    """The period of a report kind starting on `first` (refused unless it starts a month, quarter or year)."""
    if kind == ReportKind.MONTH and first.day == 1:
        return month_period(first)
    if kind == ReportKind.QUARTER and first.day == 1 and first.month % 3 == 1:
        return quarter_period_of(first)
    if kind == ReportKind.YEAR and (first.month, first.day) == (1, 1):
        return year_period(first.year)
    raise ReportError(_("There is no such reporting period."))


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def periodic_report_make(*, period: Period, by: User | None = None, again: bool = False) -> PeriodicReport:
    """The report of a closed period: the existing one (idempotent), or with `again` the next version.

    The figures are read outside any transaction (from the replica when there is one: a closed period's
    figures do not depend on the last second); the row and its e-mails are written in one transaction. Two
    workers making the same version at once: the unique (kind, first, version) keeps one, the other returns it.
    """
    if period.end > timezone.now():
        raise ReportError(_("A report is made only once its period has ended."))
    latest = PeriodicReport.objects.filter(kind=period.kind, first=period.first).order_by("-version").first()
    if latest is not None and not again:
        return latest
    version = latest.version + 1 if latest else 1
    made_at = timezone.now()
    with replica_reads(), override("vi"):
        figures = report_figures(period)
    with override("vi"):
        changes = figure_changes(latest.figures, figures) if latest else []
        xlsx, pdf = (render(figures, version=version, made_at=made_at) for render in (render_xlsx, render_report_pdf))
    report = PeriodicReport(
        kind=period.kind, first=period.first, last=period.last, version=version, created_at=made_at, created_by=by,
        figures=figures, changes=changes, xlsx_sha256=_sha256(xlsx), pdf_sha256=_sha256(pdf),
    )  # fmt: skip
    stem = f"bao-cao-tthc-{period.kind}-{period.first:%Y-%m}-v{version}"
    report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            report.save()
            _email_directors(report)
    except IntegrityError:
        report.xlsx.delete(save=False)
        report.pdf.delete(save=False)
        return PeriodicReport.objects.get(kind=period.kind, first=period.first, version=version)
    log.info(
        "periodic_report_made",
        extra={"kind": period.kind, "first": period.first.isoformat(), "version": version, "changes": len(changes)},
    )
    return report


def periodic_reports_due(*, today: dt.date | None = None) -> list[PeriodicReport]:
    """Make the report of each period that has closed and has none yet (beat, nightly; safe to run twice)."""
    today = today or timezone.localdate()
    return [periodic_report_make(period=period) for period in closed_periods(today)]


def report_file(*, report: PeriodicReport, fmt: str) -> tuple[str, bytes, str]:
    """(file name, content, type) of one of the report's files, checked against its SHA-256."""
    field, expected, mimetype = (
        (report.xlsx, report.xlsx_sha256, XLSX_TYPE) if fmt == "xlsx" else (report.pdf, report.pdf_sha256, PDF_TYPE)
    )
    with field.open("rb") as stored:
        content = stored.read()
    if _sha256(content) != expected:
        log.error("periodic_report_file_altered", extra={"report": report.pk, "format": fmt})
        raise ReportError(_("This report's file no longer matches its checksum: it was altered after it was made."))
    return field.name.rsplit("/", 1)[-1], content, mimetype


def report_attachments(*, report: PeriodicReport) -> list[tuple[str, bytes, str]]:
    return [report_file(report=report, fmt=fmt) for fmt in ("xlsx", "pdf")]


def change_lines(report: PeriodicReport) -> list[str]:
    """What changed against the previous version, one readable line each."""
    labels = {**{key: str(label) for key, label in COLUMNS.items()}, "points": _("Points"), "total_points": _("Points")}
    return [
        f"{c['where']} — {labels.get(c['what'], c['what'])}: {c['before'] if c['before'] is not None else '—'} → "
        f"{c['after'] if c['after'] is not None else '—'}"
        for c in report.changes
    ]


def _email_directors(report: PeriodicReport) -> None:
    """One e-mail per director with an address, files attached when sent (outbox, in this transaction)."""
    directory = staff_directory()
    totals = report.figures["totals"]
    with override("vi"):
        period = period_title(report.figures)
        subject = _("Report on the handling of administrative procedures, %(period)s (version %(version)s)") % {
            "period": period, "version": report.version,
        }  # fmt: skip
        lines = [
            _("The center's report for the period is attached (Excel and PDF)."),
            period,
            _("Received: %(received)s; resolved: %(resolved)s (early %(early)s, on time %(on_time)s, late %(late)s); "
              "in progress at the period's end: %(in_progress)s (overdue %(in_progress_overdue)s).") % totals,
            _("Decision 766 scorecard: %(points)s / 100.") % {"points": report.figures["scorecard"]["total_points"]},
        ]  # fmt: skip
        if report.version > 1:
            changed = change_lines(report)
            lines.append(_("Changes from version %(previous)s:") % {"previous": report.version - 1})
            lines.extend(changed[:50] or [_("none: the figures are the same.")])
        body = "\n".join(str(line) for line in lines)
    messages = [
        OutboxMessage(
            channel=OutboxChannel.EMAIL, recipient=user.email, user=user, template="periodic_report",
            subject=subject, body=body, dedupe_key=f"periodic-report:{report.pk}:{user.pk}", report=report,
        )
        for user in (directory.users[pk] for pk in directory.directors)
        if user.email
    ]  # fmt: skip
    outbox_enqueue(messages=messages)
