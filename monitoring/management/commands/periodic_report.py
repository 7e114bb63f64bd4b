"""Make one closed period's periodic report from the command line: a past period beat did not make (beat makes
only the latest closed month, quarter and year), or a new version after corrections (--again)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from center.errors import DomainError
from monitoring.models import ReportKind
from monitoring.reports.services import periodic_report_make, report_period


class Command(BaseCommand):
    help = "Make the periodic report of a closed month, quarter or year (monitoring/reports), e-mailed to directors."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=ReportKind.values, required=True)
        parser.add_argument("--first", required=True, help="First day of the period, YYYY-MM-DD (e.g. 2026-10-01)")
        parser.add_argument("--again", action="store_true", help="Write a new version even if one exists")

    def handle(self, *args, kind: str, first: str, again: bool, **options):
        try:
            period = report_period(kind=kind, first=dt.date.fromisoformat(first))
            report = periodic_report_make(period=period, again=again)
        except (ValueError, DomainError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.kind} {report.first:%d/%m/%Y}–{report.last:%d/%m/%Y} version {report.version}: "
            f"{report.xlsx.name} (SHA-256 {report.xlsx_sha256}), {report.pdf.name} (SHA-256 {report.pdf_sha256}); "
            f"{len(report.changes)} figure(s) changed from the previous version."
        )
